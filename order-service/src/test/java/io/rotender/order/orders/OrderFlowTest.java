package io.rotender.order.orders;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.rotender.order.Fixtures;
import io.rotender.order.PartnerAtVenue;
import io.rotender.platform.testing.TestCredentials;
import io.rotender.platform.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static io.rotender.order.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.oneOf;

@QuarkusTest
class OrderFlowTest extends PartnerAtVenue {

    private static Map<String, Object> v1Body(String venue, String drink) {
        return Map.of("venue_id", venue, "customer", Map.of("first_name", "Winter", "last_name", "Mute"), "drink_id", drink);
    }

    private Response post(Object body) {
        return as(key).body(body).post("/venues/{v}/orders", venue);
    }

    private String status(String orderId) {
        return as(key).get("/venues/{v}/orders/{o}", venue, orderId).then().statusCode(200).extract().path("status");
    }

    @Test
    void seedWorkflowFromOrderToPour() {
        String orderId = post(v1Body(venue, "vodka-soda")).then().statusCode(201)
                .body("status", is("confirmed"))
                .body("unit_id", is("unit-1"))
                .body("unit.location", is("Main bar"))
                .body("order_total", is(18.00f))
                .body("expires_at", notNullValue())
                .body("instructions", org.hamcrest.Matchers.containsString("Rotender 1"))
                .body("code", nullValue())
                .extract().path("id");

        String code = fx.codeOnScreen("unit-1", orderId, 1);
        assertThat(code).matches("[0-9]{4}");
        assertThat(TestDatabase.count("SELECT count(*) FROM orders WHERE id = ? AND code_hash LIKE ?", orderId, "%" + code + "%")).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM outbox_event WHERE type = 'ShowCode' AND payload->'data'->>'orderId' = ?", orderId) == 0);

        as(key).body(Map.of("status", "ready", "code", code)).put("/venues/{v}/orders/{o}", venue, orderId)
                .then().statusCode(200).body("status", is("ready"));
        as(key).body(Map.of("status", "ready", "code", code)).put("/venues/{v}/orders/{o}", venue, orderId)
                .then().statusCode(200).body("status", is("ready"));
        JsonNode pour = fx.events("rotender.units.commands", "unit-1", l -> l.stream()
                .anyMatch(e -> e.path("type").asText().equals("Pour") && e.at("/data/orderId").asText().equals(orderId)))
                .stream().filter(e -> e.path("type").asText().equals("Pour") && e.at("/data/orderId").asText().equals(orderId))
                .findFirst().orElseThrow();
        assertThat(pour.at("/data/items/0/recipe/0/ml").asInt()).isEqualTo(40);

        fx.send("rotender.units.events", "unit-1", "Poured", Map.of("unitId", "unit-1", "orderId", orderId,
                "used", List.of(Map.of("ingredientId", "base", "ml", 40))));
        await().atMost(Duration.ofSeconds(20)).until(() -> "poured".equals(status(orderId)));

        List<JsonNode> changes = fx.events("rotender.orders.events", orderId, l -> l.size() >= 4);
        assertThat(changes).extracting(e -> e.path("type").asText())
                .containsSubsequence("OrderPending", "OrderConfirmed", "OrderReady", "OrderPoured");
        assertThat(changes).allSatisfy(e -> assertThat(e.toString()).doesNotContain("\"code\""));
        assertThat(changes.get(changes.size() - 1).at("/data/order/status").asText()).isEqualTo("poured");

        // the dashboard's order metrics: orders entering each state, and the reservation latency histogram
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("rotender_orders_total{state=\"poured\"").contains("rotender_orders_total{state=\"confirmed\"")
                .contains("rotender_order_reservation_seconds_bucket").contains("rotender_order_reservation_seconds_count");
    }

    @Test
    void v1FlowPaidThenCodeEnteredOnTheCollectionPath() {
        String orderId = post(v1Body(venue, "gin-tonic")).then().statusCode(201).extract().path("id");
        as(key).body(Map.of("order_id", orderId, "status", "paid")).put("/venues/{v}/orders", venue)
                .then().statusCode(200).body("status", is("confirmed"));
        String code = fx.codeOnScreen("unit-1", orderId, 1);
        as(key).body(Map.of("order_id", orderId, "status", "code_entered", "code", code)).put("/venues/{v}/orders", venue)
                .then().statusCode(200).body("status", is("ready")).body("unit_id", is("unit-1"));
    }

    @Test
    void duplicatePostReturnsTheFirstAnswerAndCreatesNothing() {
        Map<String, Object> body = Map.of("customer", Map.of("first_name", "Ann", "last_name", "Lee"),
                "items", List.of(Map.of("drink_id", "vodka-soda", "quantity", 2)), "partner_order_id", Fixtures.newId("po"), "tip", 2);
        String first = post(body).then().statusCode(201).body("order_total", is(36.00f)).body("tip", is(2.00f)).extract().path("id");
        String second = post(body).then().statusCode(201).extract().path("id");
        assertThat(second).isEqualTo(first);
        assertThat(inventory.reserveCommands.get(first)).isEqualTo(1);
        Map<String, Object> changed = new HashMap<>(body);
        changed.put("tip", 3);
        post(changed).then().statusCode(422).body("type", is("https://rotender.io/problems/idempotency-key-reused"));

        String header = Fixtures.newId("idem");
        String viaHeader = as(key).header("Idempotency-Key", header).body(v1Body(venue, "gin-tonic"))
                .post("/venues/{v}/orders", venue).then().statusCode(201).extract().path("id");
        as(key).header("Idempotency-Key", header).body(v1Body(venue, "gin-tonic"))
                .post("/venues/{v}/orders", venue).then().statusCode(201).body("id", is(viaHeader));
        assertThat(TestDatabase.count("SELECT count(*) FROM orders WHERE partner_order_id = ?", header)).isEqualTo(1);
    }

    @Test
    void concurrentPostsWithOneKeyPlaceOneOrderAndLeaveNothingWaiting() throws Exception {
        Map<String, Object> body = Map.of("customer", Map.of("first_name", "Ann", "last_name", "Lee"),
                "items", List.of(Map.of("drink_id", "vodka-soda", "quantity", 1)), "partner_order_id", Fixtures.newId("po"));
        ExecutorService buyers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(buyers.submit(() -> post(body)));
            }
            Set<String> ids = new HashSet<>();
            for (Future<Response> answer : answers) {
                // a repeat that arrives while the first POST still waits answers the order as it is then: pending, 202
                ids.add(answer.get().then().statusCode(oneOf(201, 202)).extract().path("id"));
            }
            assertThat(ids).hasSize(1);
            assertThat(TestDatabase.count("SELECT count(*) FROM orders WHERE partner_order_id = ?", body.get("partner_order_id"))).isEqualTo(1);
            String orderId = ids.iterator().next();
            await().atMost(Duration.ofSeconds(20)).until(() -> inventory.reserveCommands.getOrDefault(orderId, 0) == 1);
        } finally {
            buyers.shutdownNow();
        }
        // the POSTs that lost the insert to the first one wait for nothing afterwards
        await().atMost(Duration.ofSeconds(10)).until(() -> io.restassured.RestAssured.get("/q/metrics").then().extract().asString()
                .lines().anyMatch(l -> l.startsWith("rotender_order_reservation_waiting")
                        && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) == 0));
    }

    @Test
    void aRepeatAfterItsDrinkSoldOutAnswersTheOrderPlacedBefore() {
        Map<String, Object> body = Map.of("customer", Map.of("first_name", "Ann", "last_name", "Lee"),
                "items", List.of(Map.of("drink_id", "gin-tonic", "quantity", 1)), "partner_order_id", Fixtures.newId("po"));
        String first = post(body).then().statusCode(201).extract().path("id");
        availability("gin-tonic", false);
        post(body).then().statusCode(201).body("id", is(first)).body("status", is("confirmed"));
        Map<String, Object> other = new HashMap<>(body);
        other.put("partner_order_id", Fixtures.newId("po"));
        post(other).then().statusCode(409).body("type", is("https://rotender.io/problems/out-of-stock"));
    }

    @Test
    void fiveWrongCodesLockTheOrderUntilStaffReissue() {
        String orderId = post(v1Body(venue, "vodka-soda")).then().statusCode(201).extract().path("id");
        String code = fx.codeOnScreen("unit-1", orderId, 1);
        String wrong = code.equals("0000") ? "1111" : "0000";
        for (int remaining = 4; remaining >= 1; remaining--) {
            as(key).body(Map.of("status", "ready", "code", wrong)).put("/venues/{v}/orders/{o}", venue, orderId)
                    .then().statusCode(422).body("remaining_attempts", is(remaining));
        }
        as(key).body(Map.of("status", "ready", "code", wrong)).put("/venues/{v}/orders/{o}", venue, orderId).then().statusCode(423);
        as(key).body(Map.of("status", "ready", "code", code)).put("/venues/{v}/orders/{o}", venue, orderId).then().statusCode(423);

        given().header("Authorization", TestCredentials.adminBearer()).post("/admin/orders/{o}/code", orderId).then().statusCode(204);
        String reissued = fx.codeOnScreen("unit-1", orderId, 2);
        as(key).body(Map.of("status", "ready", "code", reissued)).put("/venues/{v}/orders/{o}", venue, orderId)
                .then().statusCode(200).body("status", is("ready"));
    }

    @Test
    void cancelBeforeThePourReleasesStockAndAfterItIsRefused() {
        String orderId = post(v1Body(venue, "vodka-soda")).then().statusCode(201).extract().path("id");
        as(key).body(Map.of("status", "cancelled")).put("/venues/{v}/orders/{o}", venue, orderId)
                .then().statusCode(200).body("status", is("cancelled"));
        await().atMost(Duration.ofSeconds(20)).until(() -> inventory.releaseCommands.getOrDefault(orderId, 0) >= 1);
        assertThat(fx.events("rotender.units.commands", "unit-1", l -> l.stream().anyMatch(e -> e.path("type").asText().equals("ClearCode")
                && e.at("/data/orderId").asText().equals(orderId)))).isNotEmpty();
        as(key).body(Map.of("status", "ready", "code", "1234")).put("/venues/{v}/orders/{o}", venue, orderId)
                .then().statusCode(409).body("status", is("cancelled"));
    }

    @Test
    void outOfStockIs409NamingTheDrinks() {
        inventory.soldOut.add("gin-tonic");
        try {
            post(Map.of("customer", Map.of("first_name", "A", "last_name", "B"),
                    "items", List.of(Map.of("drink_id", "vodka-soda", "quantity", 1), Map.of("drink_id", "gin-tonic", "quantity", 1))))
                    .then().statusCode(409).contentType("application/problem+json")
                    .body("type", is("https://rotender.io/problems/out-of-stock"))
                    .body("unavailable_drinks", hasItem("gin-tonic"));
        } finally {
            inventory.soldOut.remove("gin-tonic");
        }
    }

    private void availability(String drink, boolean available) {
        fx.send("rotender.inventory.availability", venue + "/" + drink, "DrinkAvailabilityChanged", Map.of("venueId", venue,
                "drinkId", drink, "available", available, "pourable", available ? 5 : 0, "stockLevel", available ? "low" : "oos",
                "units", available ? List.of("unit-1") : List.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM drink_availability WHERE venue_id = ? AND drink_id = ? AND available = ?", venue, drink, available) == 1);
    }

    @Test
    void aDrinkInventorySaysIsSoldOutIsRefusedAtOnceAndSellsAgainWhenItIsBack() {
        availability("gin-tonic", false);
        long orders = TestDatabase.count("SELECT count(*) FROM orders WHERE venue_id = ?", venue);
        inventory.soldOut.remove("gin-tonic"); // were the order sent to inventory, it would be reserved: the 409 is this service's own
        post(Map.of("customer", Map.of("first_name", "A", "last_name", "B"), "items", List.of(Map.of("drink_id", "gin-tonic", "quantity", 1))))
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", is("https://rotender.io/problems/out-of-stock"))
                .body("unavailable_drinks", hasItem("gin-tonic"))
                .body("order_id", nullValue());
        assertThat(TestDatabase.count("SELECT count(*) FROM orders WHERE venue_id = ?", venue)).isEqualTo(orders);

        availability("gin-tonic", true);
        post(Map.of("customer", Map.of("first_name", "A", "last_name", "B"), "items", List.of(Map.of("drink_id", "gin-tonic", "quantity", 1))))
                .then().statusCode(201).body("status", is("confirmed"));
    }

    @Test
    void pendingPaymentHoldsStockAndNoCodeBeforePayment() {
        Map<String, Object> body = Map.of("customer", Map.of("first_name", "P", "last_name", "Q"), "drink_id", "vodka-soda",
                "payment", Map.of("status", "pending", "amount", 18.00, "currency", "EUR", "method", "card"));
        String orderId = post(body).then().statusCode(201).body("status", is("pending"))
                .body("payment.status", is("pending")).body("unit_id", is("unit-1")).extract().path("id");
        as(key).body(Map.of("status", "ready", "code", "1234")).put("/venues/{v}/orders/{o}", venue, orderId).then().statusCode(409);
        assertThat(TestDatabase.count("SELECT count(*) FROM orders WHERE id = ? AND code_hash IS NOT NULL", orderId)).isZero();
        as(key).body(Map.of("status", "paid")).put("/venues/{v}/orders/{o}", venue, orderId)
                .then().statusCode(200).body("status", is("confirmed"));
        assertThat(fx.codeOnScreen("unit-1", orderId, 1)).matches("[0-9]{4}");

        post(Map.of("customer", Map.of("first_name", "P", "last_name", "Q"), "drink_id", "vodka-soda",
                "payment", Map.of("status", "paid", "amount", 17.99))).then().statusCode(422)
                .body("expected_amount", is(18.00f));
    }

    @Test
    void expiredOrdersReleaseTheirStock() {
        String orderId = post(v1Body(venue, "vodka-soda")).then().statusCode(201).extract().path("id");
        TestDatabase.update("UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = ?", orderId);
        await().atMost(Duration.ofSeconds(20)).until(() -> "expired".equals(status(orderId)));
        await().atMost(Duration.ofSeconds(20)).until(() -> inventory.releaseCommands.getOrDefault(orderId, 0) >= 1);
    }

    @Test
    void theAnswerOfAPostIsTheOrderAsStored() throws Exception {
        // the replica that settled the order hands the POST the order as its transaction committed it (no second read):
        // it must be exactly what a read answers, down to the time of the change
        String confirmed = post(v1Body(venue, "vodka-soda")).then().statusCode(201).extract().asString();
        String orderId = mapper.readTree(confirmed).path("id").asText();
        String read = as(key).get("/venues/{v}/orders/{o}", venue, orderId).then().statusCode(200).extract().asString();
        assertThat(mapper.readTree(confirmed)).isEqualTo(mapper.readTree(read));
        JsonNode event = fx.events("rotender.orders.events", orderId, l -> l.stream()
                .anyMatch(e -> e.path("type").asText().equals("OrderConfirmed"))).stream()
                .filter(e -> e.path("type").asText().equals("OrderConfirmed")).findFirst().orElseThrow();
        assertThat(OffsetDateTime.parse(event.at("/data/order/updated_at").asText()).toInstant())
                .isEqualTo(OffsetDateTime.parse(mapper.readTree(read).path("updated_at").asText()).toInstant());

        // a rejection answered the same way names the order, which a read finds rejected
        inventory.soldOut.add("gin-tonic");
        try {
            String rejectedId = post(v1Body(venue, "gin-tonic")).then().statusCode(409).body("order_id", notNullValue())
                    .extract().path("order_id");
            as(key).get("/venues/{v}/orders/{o}", venue, rejectedId).then().statusCode(200)
                    .body("status", is("rejected")).body("unavailable_drinks", hasItem("gin-tonic"));
        } finally {
            inventory.soldOut.remove("gin-tonic");
        }
    }

    @Test
    void failedPourFailsTheOrder() {
        String orderId = post(v1Body(venue, "vodka-soda")).then().statusCode(201).extract().path("id");
        String code = fx.codeOnScreen("unit-1", orderId, 1);
        as(key).body(Map.of("status", "ready", "code", code)).put("/venues/{v}/orders/{o}", venue, orderId).then().statusCode(200);
        fx.send("rotender.units.events", "unit-1", "PourFailed", Map.of("unitId", "unit-1", "orderId", orderId, "reason", "no cup"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(status(orderId)));
        as(key).get("/venues/{v}/orders/{o}", venue, orderId).then().body("reason", is("no cup"));
    }

    @Test
    void slowReservationAnswers202WithALocationThenConfirms() {
        String slowVenue = fx.venue(false, 5);
        String slowKey = fx.partner(slowVenue);
        inventory.silentVenues.add(slowVenue);
        Response pending = as(slowKey).body(v1Body(slowVenue, "vodka-soda")).post("/venues/{v}/orders", slowVenue);
        pending.then().statusCode(202).body("status", is("pending")).header("Retry-After", "1")
                .header("Location", org.hamcrest.Matchers.containsString("/venues/" + slowVenue + "/orders/ord_"));
        String orderId = pending.path("id");
        // the Location says when to look again while the reservation is still open, and nothing once it settled
        as(slowKey).get("/venues/{v}/orders/{o}", slowVenue, orderId).then().statusCode(200)
                .body("status", is("pending")).header("Retry-After", "1");
        inventory.reserveNow(orderId, slowVenue, bootstrap);
        await().atMost(Duration.ofSeconds(20)).until(() -> "confirmed".equals(as(slowKey)
                .get("/venues/{v}/orders/{o}", slowVenue, orderId).then().extract().path("status")));
        as(slowKey).get("/venues/{v}/orders/{o}", slowVenue, orderId).then().statusCode(200)
                .header("Retry-After", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aConfirmedOrderWaitsForItsCodeAsLongAsItsVenueSays() {
        String venue45 = fx.venue(false, 5, 45);
        String key45 = fx.partner(venue45);
        String paid = as(key45).body(v1Body(venue45, "vodka-soda")).post("/venues/{v}/orders", venue45)
                .then().statusCode(201).body("status", is("confirmed")).extract().path("expires_at");
        assertThat(Duration.between(OffsetDateTime.now(), OffsetDateTime.parse(paid)).toMinutes()).isBetween(43L, 45L);

        // paid later: the payment hold (5 minutes) first, then the venue's 45 minutes from the payment on
        Map<String, Object> unpaid = new HashMap<>(v1Body(venue45, "vodka-soda"));
        unpaid.put("payment", Map.of("status", "pending", "amount", 18.00, "currency", "EUR", "method", "card"));
        String orderId = as(key45).body(unpaid).post("/venues/{v}/orders", venue45).then().statusCode(201).extract().path("id");
        String held = as(key45).get("/venues/{v}/orders/{o}", venue45, orderId).then().extract().path("expires_at");
        assertThat(Duration.between(OffsetDateTime.now(), OffsetDateTime.parse(held)).toMinutes()).isBetween(3L, 5L);
        String confirmed = as(key45).body(Map.of("status", "paid")).put("/venues/{v}/orders/{o}", venue45, orderId)
                .then().statusCode(200).body("status", is("confirmed")).extract().path("expires_at");
        assertThat(Duration.between(OffsetDateTime.now(), OffsetDateTime.parse(confirmed)).toMinutes()).isBetween(43L, 45L);
    }

    @Test
    void venueRequiringPosAcceptanceWaitsForItAndAPosRejectionCancels() {
        String posVenue = fx.venue(true, 5);
        String posKey = fx.partner(posVenue);
        String accepted = as(posKey).body(v1Body(posVenue, "vodka-soda")).post("/venues/{v}/orders", posVenue)
                .then().statusCode(201).extract().path("id");
        String code = fx.codeOnScreen("unit-1", accepted, 1);
        as(posKey).body(Map.of("status", "ready", "code", code)).put("/venues/{v}/orders/{o}", posVenue, accepted)
                .then().statusCode(409).body("type", is("https://rotender.io/problems/pos-acceptance-required"));
        fx.send("rotender.orders.commands", accepted, "AcceptOrder", Map.of("orderId", accepted));
        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(as(posKey)
                .get("/venues/{v}/orders/{o}", posVenue, accepted).then().extract().path("pos_status")));
        as(posKey).body(Map.of("status", "ready", "code", code)).put("/venues/{v}/orders/{o}", posVenue, accepted)
                .then().statusCode(200).body("status", is("ready"));

        String rejected = as(posKey).body(v1Body(posVenue, "gin-tonic")).post("/venues/{v}/orders", posVenue)
                .then().statusCode(201).extract().path("id");
        fx.send("rotender.orders.commands", rejected, "RejectOrder", Map.of("orderId", rejected, "reason", "kitchen closed"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "cancelled".equals(as(posKey)
                .get("/venues/{v}/orders/{o}", posVenue, rejected).then().extract().path("status")));
        as(posKey).get("/venues/{v}/orders/{o}", posVenue, rejected).then().body("pos_status", is("rejected"));
        await().atMost(Duration.ofSeconds(20)).until(() -> inventory.releaseCommands.getOrDefault(rejected, 0) >= 1);
    }

    @Test
    void aLateMarkForwardedNeverTakesBackThePosAcceptance() {
        String posVenue = fx.venue(true, 5);
        String posKey = fx.partner(posVenue);
        String orderId = as(posKey).body(v1Body(posVenue, "vodka-soda")).post("/venues/{v}/orders", posVenue)
                .then().statusCode(201).extract().path("id");
        String code = fx.codeOnScreen("unit-1", orderId, 1);
        long before = TestDatabase.count("SELECT count(*) FROM processed_event WHERE consumer = 'order-service.pos-commands'");
        // the POS accepted (hook) before the connector recorded its own 200 (a retry after a timeout)
        fx.send("rotender.orders.commands", orderId, "AcceptOrder", Map.of("orderId", orderId));
        fx.send("rotender.orders.commands", orderId, "MarkForwarded", Map.of("orderId", orderId, "pos", "restaumatic"));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM processed_event WHERE consumer = 'order-service.pos-commands'") >= before + 2);
        as(posKey).get("/venues/{v}/orders/{o}", posVenue, orderId).then().body("pos_status", is("accepted"));
        as(posKey).body(Map.of("status", "ready", "code", code)).put("/venues/{v}/orders/{o}", posVenue, orderId)
                .then().statusCode(200).body("status", is("ready"));
        // later states still move it forward; an earlier one still does not
        fx.send("rotender.orders.commands", orderId, "MarkInDelivery", Map.of("orderId", orderId));
        fx.send("rotender.orders.commands", orderId, "AcceptOrder", Map.of("orderId", orderId));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM processed_event WHERE consumer = 'order-service.pos-commands'") >= before + 4);
        as(posKey).get("/venues/{v}/orders/{o}", posVenue, orderId).then().body("pos_status", is("in_delivery"));
    }

    @Test
    void aDrinkWithoutAReadableRecipeIsNeverPoured() {
        // a catalog event whose recipe cannot be read goes to the DLQ with the reason; the stored recipe stays
        fx.send("rotender.menu.catalog", venue + "/vodka-soda", "DrinkUpserted", Map.of("venueId", venue, "drinkId", "vodka-soda",
                "name", "vodka soda", "price", new java.math.BigDecimal("18.00"), "currency", "EUR", "active", true,
                "recipe", List.of(Map.of("ingredientName", "Base", "ml", 40))));
        var dead = fx.kafka.readUntil("rotender.menu.catalog.dlq",
                all -> all.stream().anyMatch(r -> (venue + "/vodka-soda").equals(r.key())), Duration.ofSeconds(30));
        assertThat(dead.stream().filter(r -> (venue + "/vodka-soda").equals(r.key())).findFirst()
                .map(r -> io.rotender.platform.testing.KafkaTestClient.header(r, "dead-letter-reason")).orElse(""))
                .contains("unreadable recipe");
        assertThat(TestDatabase.query("SELECT recipe::text AS recipe FROM drink WHERE venue_id = ? AND drink_id = 'vodka-soda'", venue)
                .get(0).get("recipe").toString()).contains("base");

        // a stored recipe that cannot be read: the code is refused with a 500, nothing is poured, the order waits
        String orderId = post(v1Body(venue, "vodka-soda")).then().statusCode(201).extract().path("id");
        String code = fx.codeOnScreen("unit-1", orderId, 1);
        TestDatabase.update("UPDATE drink SET recipe = '{\"lines\": []}'::jsonb WHERE venue_id = ? AND drink_id = 'vodka-soda'", venue);
        as(key).body(Map.of("status", "ready", "code", code)).put("/venues/{v}/orders/{o}", venue, orderId)
                .then().statusCode(500).contentType("application/problem+json");
        assertThat(status(orderId)).isEqualTo("confirmed");
        // once the recipe can be read again, the same code pours, and the only Pour of the order carries it
        fx.drink(venue, "vodka-soda", "18.00", true);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM drink WHERE venue_id = ? AND drink_id = 'vodka-soda' AND recipe->'lines' <> '[]'::jsonb", venue) == 1);
        as(key).body(Map.of("status", "ready", "code", code)).put("/venues/{v}/orders/{o}", venue, orderId).then().statusCode(200);
        List<JsonNode> pours = fx.events("rotender.units.commands", "unit-1", l -> l.stream()
                        .anyMatch(e -> "Pour".equals(e.path("type").asText()) && orderId.equals(e.at("/data/orderId").asText())))
                .stream().filter(e -> "Pour".equals(e.path("type").asText()) && orderId.equals(e.at("/data/orderId").asText())).toList();
        assertThat(pours).hasSize(1);
        assertThat(pours.get(0).at("/data/items/0/recipe/0/ingredientId").asText()).isEqualTo("base");
    }

    @Test
    void partnersSeeOnlyTheirOwnOrders() {
        String orderId = post(v1Body(venue, "vodka-soda")).then().statusCode(201).extract().path("id");
        String other = fx.partner(venue);
        as(other).get("/venues/{v}/orders/{o}", venue, orderId).then().statusCode(404);
        assertThat(as(other).get("/venues/{v}/orders", venue).then().statusCode(200).extract().jsonPath().getList("id")).doesNotContain(orderId);
        assertThat(as(key).queryParam("status", "confirmed").get("/venues/{v}/orders", venue).then().statusCode(200)
                .extract().jsonPath().getList("id")).contains(orderId);
        as(key).queryParam("since", "yesterday").get("/venues/{v}/orders", venue).then().statusCode(400);
    }

    @Test
    void badOrdersChangeNothing() {
        long before = TestDatabase.count("SELECT count(*) FROM orders");
        post(Map.of("customer", Map.of("first_name", "A", "last_name", "B"), "drink_id", "mojito")).then().statusCode(422);
        post(Map.of("customer", Map.of("first_name", "", "last_name", "B"), "drink_id", "vodka-soda")).then().statusCode(400)
                .body("invalid_params.name", hasItem("customer.first_name"));
        post(Map.of("customer", Map.of("first_name", "A", "last_name", "B"))).then().statusCode(400);
        post(Map.of("customer", Map.of("first_name", "A", "last_name", "B"), "drink_id", "vodka-soda",
                "items", List.of(Map.of("drink_id", "vodka-soda", "quantity", 1)))).then().statusCode(400);
        post(Map.of("customer", Map.of("first_name", "A", "last_name", "B"),
                "items", List.of(Map.of("drink_id", "vodka-soda", "quantity", 0)))).then().statusCode(400)
                .body("invalid_params.name", hasItem("items[0].quantity"));
        post(Map.of("venue_id", "elsewhere", "customer", Map.of("first_name", "A", "last_name", "B"), "drink_id", "vodka-soda"))
                .then().statusCode(400);
        given().contentType("application/json").body(v1Body(venue, "vodka-soda")).post("/venues/{v}/orders", venue).then().statusCode(401);
        assertThat(TestDatabase.count("SELECT count(*) FROM orders")).isEqualTo(before);
    }
}
