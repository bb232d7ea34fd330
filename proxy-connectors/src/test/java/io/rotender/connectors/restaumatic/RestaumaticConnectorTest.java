package io.rotender.connectors.restaumatic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.rotender.platform.events.EventEnvelope;
import io.rotender.platform.testing.KafkaTestClient;
import io.rotender.platform.testing.TestCredentials;
import io.rotender.platform.testing.TestDatabase;
import io.rotender.simulator.pos.OrderPlacedContract;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class RestaumaticConnectorTest {

    private static final String API_TOKEN = "rm-api-token-123";
    private static final String HOOK_TOKEN = RestaumaticVenues.HOOK_TOKEN;
    private static RestaumaticStandIn restaumatic;

    @Inject
    ObjectMapper mapper;
    @RegisterExtension
    final KafkaTestClient kafka = KafkaTestClient.perTest();

    @BeforeAll
    static void startRestaumatic() throws Exception {
        restaumatic = new RestaumaticStandIn(API_TOKEN);
    }

    @AfterAll
    static void stopRestaumatic() {
        restaumatic.close();
    }

    private String venue(String apiToken) {
        return venue(apiToken, restaumatic);
    }

    private String venue(String apiToken, RestaumaticStandIn pos) {
        return RestaumaticVenues.venue(pos, apiToken);
    }

    private Map<String, Object> order(String venue, String orderId) {
        return RestaumaticVenues.order(venue, orderId);
    }

    private String confirm(String venue, String orderId) throws Exception {
        return RestaumaticVenues.confirm(kafka, mapper, venue, orderId);
    }

    private String delivery(String orderId) {
        return RestaumaticVenues.delivery(orderId);
    }

    private List<JsonNode> commands(String orderId, int atLeast) {
        List<ConsumerRecord<String, String>> records = kafka.readUntil("rotender.orders.commands",
                all -> all.stream().filter(r -> orderId.equals(r.key())).count() >= atLeast, Duration.ofSeconds(30));
        return records.stream().filter(r -> orderId.equals(r.key())).map(r -> {
            try {
                return mapper.readTree(r.value());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void confirmedOrderIsPlacedInRestaumaticFollowingEverySeedRule() throws Exception {
        String venue = venue(API_TOKEN);
        String orderId = "ord_" + UUID.randomUUID().toString().substring(0, 12);
        confirm(venue, orderId);

        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(delivery(orderId)));
        RestaumaticStandIn.Received sent = restaumatic.forOrder(orderId).get(0);
        assertThat(OrderPlacedContract.violations(sent.body())).isEmpty();
        assertThat(sent.authorization()).isEqualTo("Token token=\"" + API_TOKEN + "\"");
        JsonNode body = sent.body();
        assertThat(body.get("externalOrderId").asText()).isEqualTo(OrderPlacedMapper.externalOrderId(orderId).toString());
        assertThat(body.get("restaurantId").asLong()).isEqualTo(466);
        assertThat(body.at("/fullfillmentMethod/tag").asText()).isEqualTo("DineIn");
        assertThat(body.get("subjectToReject").asBoolean()).isTrue();
        assertThat(body.get("orderedAt").asText()).isEqualTo("2026-11-23T10:15:30.123Z");
        assertThat(body.get("paymentMethod").asText()).isEqualTo("Card");
        assertThat(body.at("/products/0/vatRate").asText()).isEqualTo("A");
        assertThat(body.at("/products/1/vatRate").asText()).isEqualTo("B");
        assertThat(body.get("tip").decimalValue()).isEqualByComparingTo("2.00");
        assertThat(body.get("totalGrossPrice").decimalValue()).isEqualByComparingTo("60.50");
        assertThat(body.has("additions")).isFalse();
        assertThat(body.at("/customer/fullName").asText()).isEqualTo("Winter Mute");

        assertThat(commands(orderId, 1).get(0).get("type").asText()).isEqualTo("MarkForwarded");
        given().header("Authorization", TestCredentials.adminBearer()).get("/admin/venues/{v}/pos", venue)
                .then().statusCode(200).body("status.queueDepth", is(0)).body("status.lastSuccess", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aConfirmationAtAVenueWithoutAPosIsPassedOverWithoutATransaction() throws Exception {
        String venue = venue(API_TOKEN);
        String bare = "venue-without-pos-" + UUID.randomUUID().toString().substring(0, 8);
        String passedOver = "ord_" + UUID.randomUUID().toString().substring(0, 12);
        String forwarded = "ord_" + UUID.randomUUID().toString().substring(0, 12);
        String key = "key-" + passedOver; // one key, one partition: once the second is queued, the first was seen
        String first = mapper.writeValueAsString(EventEnvelope.of("OrderConfirmed", "order-service", passedOver,
                Map.of("change", "Confirmed", "partnerId", "p1", "order", order(bare, passedOver)), mapper));
        String second = mapper.writeValueAsString(EventEnvelope.of("OrderConfirmed", "order-service", forwarded,
                Map.of("change", "Confirmed", "partnerId", "p1", "order", order(venue, forwarded)), mapper));
        kafka.send("rotender.orders.events", key, first, Map.of("ce_type", "OrderConfirmed"));
        kafka.send("rotender.orders.events", key, second, Map.of("ce_type", "OrderConfirmed"));

        await().atMost(Duration.ofSeconds(20)).until(() -> delivery(forwarded) != null);
        assertThat(delivery(passedOver)).isNull();
        assertThat(TestDatabase.count("SELECT count(*) FROM processed_event WHERE consumer = 'proxy-connectors.orders-events' AND event_id = ?",
                UUID.fromString(mapper.readTree(first).get("eventId").asText()))).as("no transaction recorded it").isZero();
        assertThat(TestDatabase.count("SELECT count(*) FROM processed_event WHERE consumer = 'proxy-connectors.orders-events' AND event_id = ?",
                UUID.fromString(mapper.readTree(second).get("eventId").asText()))).isEqualTo(1);
    }

    @Test
    void aRejectionOfAnOrderNeverForwardedIsPassedOverWithoutATransaction() throws Exception {
        String venue = venue(API_TOKEN);
        String forwarded = "ord_" + UUID.randomUUID().toString().substring(0, 12);
        String never = "ord_" + UUID.randomUUID().toString().substring(0, 12);
        confirm(venue, forwarded);
        await().atMost(Duration.ofSeconds(20)).until(() -> delivery(forwarded) != null);

        String key = "key-" + never; // one key, one partition: once the cancellation is recorded, the rejection was seen
        String rejected = mapper.writeValueAsString(EventEnvelope.of("OrderRejected", "order-service", never,
                Map.of("change", "Rejected", "partnerId", "p1", "order", Map.of("id", never, "status", "rejected")), mapper));
        String cancelled = mapper.writeValueAsString(EventEnvelope.of("OrderCancelled", "order-service", forwarded,
                Map.of("change", "Cancelled", "partnerId", "p1", "order", Map.of("id", forwarded, "status", "cancelled")), mapper));
        kafka.send("rotender.orders.events", key, rejected, Map.of("ce_type", "OrderRejected"));
        kafka.send("rotender.orders.events", key, cancelled, Map.of("ce_type", "OrderCancelled"));

        String recorded = "SELECT count(*) FROM processed_event WHERE consumer = 'proxy-connectors.orders-events' AND event_id = ?";
        await().atMost(Duration.ofSeconds(20)).until(() ->
                TestDatabase.count(recorded, UUID.fromString(mapper.readTree(cancelled).get("eventId").asText())) == 1);
        assertThat(TestDatabase.count(recorded, UUID.fromString(mapper.readTree(rejected).get("eventId").asText())))
                .as("no transaction recorded it").isZero();
        assertThat(delivery(never)).isNull();
        assertThat(TestDatabase.query("SELECT order_outcome FROM forwarded_order WHERE order_id = ?", forwarded).get(0).get("order_outcome"))
                .isEqualTo("cancelled");
    }

    @Test
    void unavailableRestaumaticIsRetriedWithTheSameIdsUntilItAccepts() throws Exception {
        String venue = venue(API_TOKEN);
        String orderId = "ord_" + UUID.randomUUID().toString().substring(0, 12);
        restaumatic.script.add(503);
        restaumatic.script.add(-2500); // slower than the client's timeout in tests (1 s)
        confirm(venue, orderId);

        await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(delivery(orderId)));
        List<RestaumaticStandIn.Received> tries = restaumatic.forOrder(orderId);
        assertThat(tries).hasSizeGreaterThanOrEqualTo(3);
        assertThat(tries).extracting(t -> t.body().get("externalOrderId").asText()).containsOnly(
                OrderPlacedMapper.externalOrderId(orderId).toString());
        assertThat(tries).extracting(t -> t.body().toString()).containsOnly(tries.get(0).body().toString());
        assertThat(tries.get(0).answered()).isEqualTo(503);
    }

    @Test
    void anOrderCancelledBeforeRestaumaticHadItIsNotSent() throws Exception {
        String venue = venue(API_TOKEN);
        String orderId = "ord_" + UUID.randomUUID().toString().substring(0, 12);
        // the first tries fail: the next ones are due 1, 2, 4 s later
        restaumatic.script.addAll(List.of(503, 503, 503));
        confirm(venue, orderId);
        await().atMost(Duration.ofSeconds(20)).until(() -> restaumatic.forOrder(orderId).size() >= 1);
        RestaumaticVenues.cancel(kafka, mapper, orderId);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> "withdrawn".equals(delivery(orderId)));
            int tries = restaumatic.forOrder(orderId).size();
            // the next retry would come within 4 s: for 5 s there is none, and none was a 200
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(() -> restaumatic.forOrder(orderId).size() == tries);
            assertThat(restaumatic.forOrder(orderId)).allSatisfy(r -> assertThat(r.answered()).isEqualTo(503));
            assertThat(delivery(orderId)).isEqualTo("withdrawn");
        } finally {
            restaumatic.script.clear();
        }
    }

    @Test
    void oneVenuesFailingPosOpensOnlyItsOwnCircuit() throws Exception {
        try (RestaumaticStandIn down = new RestaumaticStandIn(API_TOKEN)) {
            for (int i = 0; i < 200; i++) {
                down.script.add(503);
            }
            String failing = venue(API_TOKEN, down);
            String healthy = venue(API_TOKEN);
            for (int i = 0; i < 12; i++) {
                confirm(failing, "ord_" + UUID.randomUUID().toString().substring(0, 12));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> "open".equals(given().header("Authorization", TestCredentials.adminBearer())
                    .get("/admin/venues/{v}/pos", failing).then().extract().path("status.circuit")));

            String orderId = "ord_" + UUID.randomUUID().toString().substring(0, 12);
            confirm(healthy, orderId);
            // delivered on its first try, well before the failing venue's circuit (10 s) could close
            await().atMost(Duration.ofSeconds(4)).until(() -> "delivered".equals(delivery(orderId)));
            assertThat(restaumatic.forOrder(orderId)).hasSize(1).allSatisfy(r -> assertThat(r.answered()).isEqualTo(200));
            given().header("Authorization", TestCredentials.adminBearer()).get("/admin/venues/{v}/pos", healthy)
                    .then().body("status.circuit", is("closed"));
            given().header("Authorization", TestCredentials.adminBearer()).get("/admin/venues/{v}/pos", failing)
                    .then().body("status.circuit", is("open"));
            // one venue's POS down does not take the service out of rotation: readiness stays UP, the status and metrics show it
            given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
            given().header("Authorization", TestCredentials.adminBearer()).get("/admin/pos/status").then().statusCode(200)
                    .body("venues.find { it.venueId == '" + failing + "' }.circuit", is("open"))
                    .body("venues.find { it.venueId == '" + healthy + "' }.circuit", is("closed"));
            given().get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.containsString(
                    "rotender_connector_circuit_open{connector=\"restaumatic\",venue=\"" + failing + "\"} 1.0"));
        }
    }

    @Test
    void aVenueSellingAFreeDrinkCannotBeConnectedToRestaumatic() throws Exception {
        String venue = "rm-" + UUID.randomUUID().toString().substring(0, 8);
        kafka.send("rotender.menu.catalog", venue + "/water", mapper.writeValueAsString(EventEnvelope.of("DrinkUpserted", "menu-service",
                venue + "/water", Map.of("venueId", venue, "drinkId", "water", "name", "Tap water", "price", 0.00,
                        "currency", "PLN", "active", true, "recipe", List.of()), mapper)));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM catalog_drink WHERE venue_id = ?", venue) == 1);
        var settings = Map.of("pos", "restaumatic", "restaumatic", Map.of("baseUrl", restaumatic.baseUrl(), "restaurantId", 466,
                "apiToken", API_TOKEN, "hookToken", HOOK_TOKEN));
        given().header("Authorization", TestCredentials.adminBearer()).contentType("application/json").body(settings)
                .put("/admin/venues/{v}/pos", venue).then().statusCode(422).contentType("application/problem+json")
                .body("free_drinks", org.hamcrest.Matchers.contains("water"))
                .body("detail", org.hamcrest.Matchers.containsString("water"));
        assertThat(TestDatabase.count("SELECT count(*) FROM pos_settings WHERE venue_id = ?", venue)).isZero();
        assertThat(TestDatabase.count("SELECT count(*) FROM outbox_event WHERE topic = 'rotender.connectors.pos' AND msg_key = ?", venue)).isZero();

        // priced: accepted
        kafka.send("rotender.menu.catalog", venue + "/water", mapper.writeValueAsString(EventEnvelope.of("DrinkUpserted", "menu-service",
                venue + "/water", Map.of("venueId", venue, "drinkId", "water", "name", "Tap water", "price", 1.00,
                        "currency", "PLN", "active", true, "recipe", List.of()), mapper)));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM catalog_drink WHERE venue_id = ? AND price > 0", venue) == 1);
        given().header("Authorization", TestCredentials.adminBearer()).contentType("application/json").body(settings)
                .put("/admin/venues/{v}/pos", venue).then().statusCode(201);

        // menu-service learns the venue's POS (it refuses a free drink from then on)
        List<ConsumerRecord<String, String>> records = kafka.readUntil("rotender.connectors.pos",
                all -> all.stream().anyMatch(r -> venue.equals(r.key())), Duration.ofSeconds(30));
        JsonNode published = mapper.readTree(records.stream().filter(r -> venue.equals(r.key())).findFirst().orElseThrow().value());
        assertThat(published.path("type").asText()).isEqualTo("VenuePosChanged");
        assertThat(published.path("data").path("venueId").asText()).isEqualTo(venue);
        assertThat(published.path("data").path("pos").asText()).isEqualTo("restaumatic");
    }

    @Test
    void refusedCredentialsAreDeadLetteredAndNotRetried() throws Exception {
        String venue = venue("a-wrong-api-token");
        String orderId = "ord_" + UUID.randomUUID().toString().substring(0, 12);
        confirm(venue, orderId);
        await().atMost(Duration.ofSeconds(20)).until(() -> "dead".equals(delivery(orderId)));
        // a retry would come within a second: for 1.5 s there must be none
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> restaumatic.forOrder(orderId).size() == 1);
        assertThat(restaumatic.forOrder(orderId)).hasSize(1).allSatisfy(r -> assertThat(r.answered()).isEqualTo(401));
        given().header("Authorization", TestCredentials.adminBearer()).get("/admin/venues/{v}/pos", venue)
                .then().body("status.deadLettered", is(1)).body("status.lastError", org.hamcrest.Matchers.containsString("401"));
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString("rotender_connector_errors_total"));
    }

    @Test
    void duplicateEventsPlaceTheOrderOnce() throws Exception {
        String venue = venue(API_TOKEN);
        String orderId = "ord_" + UUID.randomUUID().toString().substring(0, 12);
        String event = confirm(venue, orderId);
        kafka.send("rotender.orders.events", orderId, event);
        confirm(venue, orderId);
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(delivery(orderId)));
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM processed_event WHERE consumer = 'proxy-connectors.orders-events'") >= 2);
        assertThat(restaumatic.forOrder(orderId)).hasSize(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM forwarded_order WHERE order_id = ?", orderId)).isEqualTo(1);
    }

    @Test
    void aQueuedRetryLeftBeforeARestartIsDelivered() throws Exception {
        String venue = venue(API_TOKEN);
        String orderId = "ord_" + UUID.randomUUID().toString().substring(0, 12);
        JsonNode body = new OrderPlacedMapper(mapper).map(mapper.valueToTree(order(venue, orderId)),
                new OrderPlacedMapper.Venue(466, "rotender", mapper.createObjectNode(), "B"));
        // what a stopped instance leaves behind: a queued row whose lease ran out
        TestDatabase.update("""
                INSERT INTO forwarded_order (order_id, venue_id, pos, external_order_id, body, delivery, attempts, next_attempt_at, last_error)
                VALUES (?, ?, 'restaumatic', ?::uuid, ?::jsonb, 'queued', 3, now() - interval '1 second', 'timeout before the restart')""",
                orderId, venue, OrderPlacedMapper.externalOrderId(orderId).toString(), body.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(delivery(orderId)));
        assertThat(restaumatic.forOrder(orderId)).hasSize(1);
    }

    private io.restassured.response.ValidatableResponse hook(String path, String token, Object body) {
        var request = given().contentType("application/json").body(body);
        if (token != null) {
            request = request.header("authorization", "Token token=\"" + token + "\"");
        }
        return request.post("/restaumatic/" + path).then();
    }

    @Test
    void hooksFollowTheConversationAndBecomeCommands() throws Exception {
        String venue = venue(API_TOKEN);
        String orderId = "ord_" + UUID.randomUUID().toString().substring(0, 12);
        confirm(venue, orderId);
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(delivery(orderId)));
        String uuid = OrderPlacedMapper.externalOrderId(orderId).toString();

        hook("orderindelivery", HOOK_TOKEN, Map.of("restaumaticOrderId", "4617289")).statusCode(400);
        hook("orderAccepted", "not-the-token", Map.of("externalOrderUUID", uuid, "restaumaticOrderId", 4617289)).statusCode(401);
        hook("orderAccepted", null, Map.of("externalOrderUUID", uuid, "restaumaticOrderId", 4617289)).statusCode(401);
        hook("orderAccepted", HOOK_TOKEN, Map.of("externalOrderUUID", "not-a-uuid", "restaumaticOrderId", 4617289)).statusCode(400);
        hook("ORDERACCEPTED", HOOK_TOKEN, Map.of("externalOrderUUID", uuid,
                "externalOrderId", Map.of("source", "rotender", "externalId", orderId, "displayId", "R42"),
                "restaumaticOrderId", 4617289, "overwrittenDeliveryTime", "2026-11-23T11:00:00Z", "restaurantId", 466))
                .statusCode(200).body("status", is("accepted"));
        hook("orderAccepted", HOOK_TOKEN, Map.of("externalOrderId", uuid, "restaumaticOrderId", "4617289")).statusCode(200)
                .body("status", is("duplicate"));
        hook("orderRejected", HOOK_TOKEN, Map.of("externalOrderId", uuid)).statusCode(200)
                .body("status", is("ignored")).body("conversation", is("accepted"));
        hook("orderindelivery", HOOK_TOKEN, Map.of("restaumaticOrderId", "4617289")).statusCode(200);
        hook("orderClosed", HOOK_TOKEN, Map.of("restaumaticOrderId", 4617289)).statusCode(200);
        // late events after the conversation ended: 200 (seed 001 has no other answer), nothing changes
        hook("orderCancelled", HOOK_TOKEN, Map.of("restaumaticOrderId", 4617289)).statusCode(200).body("status", is("ignored"));
        hook("orderAccepted", HOOK_TOKEN, Map.of("externalOrderId", uuid, "restaumaticOrderId", "4617289")).statusCode(200)
                .body("status", is("ignored")).body("conversation", is("closed"));
        assertThat(TestDatabase.query("SELECT conversation FROM forwarded_order WHERE order_id = ?", orderId).get(0).get("conversation"))
                .isEqualTo("closed");
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString("rotender_connector_hooks_ignored_total"));

        List<JsonNode> commands = commands(orderId, 4);
        assertThat(commands).extracting(c -> c.get("type").asText())
                .containsExactly("MarkForwarded", "AcceptOrder", "MarkInDelivery", "CloseOrder");
        assertThat(commands.get(1).at("/data/overwrittenFullfillmentTime").asText()).isEqualTo("2026-11-23T11:00:00Z");

        String rejected = "ord_" + UUID.randomUUID().toString().substring(0, 12);
        confirm(venue, rejected);
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(delivery(rejected)));
        hook("orderRejected", HOOK_TOKEN, Map.of("externalOrderUUID", OrderPlacedMapper.externalOrderId(rejected).toString(),
                "restaurantId", 466)).statusCode(200);
        assertThat(commands(rejected, 2).get(1).get("type").asText()).isEqualTo("RejectOrder");
    }
}
