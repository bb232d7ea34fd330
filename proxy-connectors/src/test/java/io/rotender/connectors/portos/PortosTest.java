package io.rotender.connectors.portos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.rotender.platform.events.EventEnvelope;
import io.rotender.platform.testing.KafkaTestClient;
import io.rotender.platform.testing.TestCredentials;
import io.rotender.platform.testing.TestDatabase;
import io.rotender.simulator.pos.PortosDataModel;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/** PORTOS polling exactly as its online orders API v1 describes, against the real database and broker. */
@QuarkusTest
class PortosTest {

    @Inject
    ObjectMapper mapper;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static RequestSpecification portos(String key) {
        RequestSpecification request = given().queryParam("version", "1");
        return key == null ? request : request.queryParam("key", key);
    }

    private void confirm(KafkaTestClient kafka, String venue, String orderId, String createdAt) throws Exception {
        Map<String, Object> order = Map.of("id", orderId, "number", 7, "venue_id", venue, "status", "confirmed",
                "items", List.of(Map.of("drink_id", "vodka-soda", "name", "Vodka Soda", "quantity", 2, "unit_price", 18.00)),
                "customer", Map.of("first_name", "Jan", "last_name", "Novak"), "tip", 1.50, "currency", "EUR",
                "payment", Map.of("status", "paid", "method", "card"), "created_at", createdAt);
        kafka.send("rotender.orders.events", orderId, mapper.writeValueAsString(EventEnvelope.of("OrderConfirmed", "order-service",
                orderId, Map.of("change", "Confirmed", "partnerId", "p1", "order", order), mapper)));
    }

    @Test
    void portosPollsOldestFirstAndProcessesEachOrderOnce() throws Exception {
        String venue = "portos-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "portos-key-" + UUID.randomUUID();
        given().header("Authorization", TestCredentials.adminBearer()).contentType("application/json")
                .body(Map.of("pos", "portos", "portos", Map.of("apiKey", key, "productIds", Map.of("vodka-soda", "1234"), "pageSize", 2)))
                .put("/admin/venues/{v}/pos", venue).then().statusCode(201).body("portos.apiKey", is("(set)"));
        List<String> orders = List.of(venue + "-a", venue + "-b", venue + "-c");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            // confirmations read in another order than the orders were placed in: PORTOS still gets the oldest first
            confirm(kafka, venue, orders.get(2), "2026-11-23T10:02:00Z");
            confirm(kafka, venue, orders.get(0), "2026-11-23T10:00:00Z");
            confirm(kafka, venue, orders.get(1), "2026-11-23T10:01:00Z");
            await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.count(
                    "SELECT count(*) FROM forwarded_order WHERE venue_id = ? AND pos = 'portos'", venue) == 3);

            given().queryParam("key", key).get("/portos/unprocessed_orders").then().statusCode(400).body("message", notNullValue());
            given().queryParam("version", "2").queryParam("key", key).get("/portos/unprocessed_orders").then().statusCode(400);
            portos(null).get("/portos/unprocessed_orders").then().statusCode(400);
            portos("wrong-key-0123456789").get("/portos/unprocessed_orders").then().statusCode(401).body("message", notNullValue());

            JsonNode page = mapper.readTree(portos(key).get("/portos/unprocessed_orders").then().statusCode(200).extract().asString());
            assertThat(page).hasSize(2);
            page.forEach(o -> assertThat(PortosDataModel.violations(o)).as("data model v1.4 of %s", o).isEmpty());
            assertThat(page.get(0).get("externalId").asText()).isEqualTo(orders.get(0));
            assertThat(page.get(1).get("externalId").asText()).isEqualTo(orders.get(1));
            JsonNode first = page.get(0);
            assertThat(first.get("type").asText()).isEqualTo("takeAway");
            assertThat(first.get("delivery").isNull()).isTrue();
            assertThat(first.get("createdAt").asText()).isEqualTo("2026-11-23T10:00:00Z");
            assertThat(first.at("/customer/name").asText()).isEqualTo("Jan Novak");
            assertThat(first.at("/customer/phone").isTextual()).isTrue();
            assertThat(first.at("/products/0/id").asText()).isEqualTo("1234");
            assertThat(first.at("/products/0/quantity").asInt()).isEqualTo(2);
            assertThat(first.at("/products/0/baseUnitPrice").decimalValue()).isEqualByComparingTo("18.00");
            assertThat(first.at("/products/0/additions").isArray()).isTrue();
            assertThat(first.get("currency").asText()).isEqualTo("EUR");
            assertThat(first.at("/payment/isSettled").asBoolean()).isTrue();
            assertThat(first.at("/payment/method").asText()).isEqualTo("card");
            assertThat(first.get("tip").decimalValue()).isEqualByComparingTo("1.50");
            assertThat(first.get("totalPrice").decimalValue()).isEqualByComparingTo("36.00");
            assertThat(first.has("id")).isFalse();

            portos(key).queryParam("externalId", orders.get(0)).queryParam("status", "maybe").post("/portos/process_order").then().statusCode(400);
            portos(key).queryParam("externalId", orders.get(0)).queryParam("status", "accepted")
                    .queryParam("estimatedCompletionAt", "soon").post("/portos/process_order").then().statusCode(400);
            portos(key).queryParam("externalId", "nope").queryParam("status", "accepted").post("/portos/process_order").then().statusCode(400);
            portos("wrong-key-0123456789").queryParam("externalId", orders.get(0)).queryParam("status", "accepted")
                    .post("/portos/process_order").then().statusCode(401);
            portos(key).queryParam("externalId", orders.get(0)).queryParam("status", "accepted")
                    .queryParam("estimatedCompletionAt", "2026-11-23T10:30:00.000Z").post("/portos/process_order").then().statusCode(200);
            portos(key).queryParam("externalId", orders.get(0)).queryParam("status", "rejected").post("/portos/process_order").then().statusCode(403);
            portos(key).queryParam("externalId", orders.get(1)).queryParam("status", "rejected")
                    .queryParam("rejectionReason", "Out of ice").post("/portos/process_order").then().statusCode(200);

            JsonNode after = mapper.readTree(portos(key).get("/portos/unprocessed_orders").then().statusCode(200).extract().asString());
            assertThat(after).extracting(o -> o.get("externalId").asText()).containsExactly(orders.get(2));

            List<ConsumerRecord<String, String>> commands = kafka.readUntil("rotender.orders.commands",
                    all -> all.stream().filter(r -> orders.contains(r.key())).count() >= 2, Duration.ofSeconds(30));
            // Commands are keyed by order id, so two orders may sit on different partitions: compare per order.
            Map<String, JsonNode> byOrder = commands.stream().filter(r -> orders.contains(r.key()))
                    .collect(java.util.stream.Collectors.toMap(ConsumerRecord::key, r -> KafkaTestClient.json(r, mapper), (a, b) -> a));
            assertThat(byOrder).containsOnlyKeys(orders.get(0), orders.get(1));
            JsonNode accepted = byOrder.get(orders.get(0));
            JsonNode rejected = byOrder.get(orders.get(1));
            assertThat(accepted.get("type").asText()).isEqualTo("AcceptOrder");
            assertThat(accepted.at("/data/estimatedCompletionAt").asText()).isEqualTo("2026-11-23T10:30:00Z");
            assertThat(rejected.get("type").asText()).isEqualTo("RejectOrder");
            assertThat(rejected.at("/data/reason").asText()).isEqualTo("Out of ice");
        }
    }

    @Test
    void anOrderCancelledOrExpiredBeforeTheTillProcessedItLeavesTheList() throws Exception {
        String venue = "portos-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "portos-key-" + UUID.randomUUID();
        given().header("Authorization", TestCredentials.adminBearer()).contentType("application/json")
                .body(Map.of("pos", "portos", "portos", Map.of("apiKey", key, "productIds", Map.of("vodka-soda", "1234"))))
                .put("/admin/venues/{v}/pos", venue).then().statusCode(201);
        String kept = venue + "-kept";
        String cancelled = venue + "-cancelled";
        String expired = venue + "-expired";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            confirm(kafka, venue, kept, "2026-11-23T10:00:00Z");
            confirm(kafka, venue, cancelled, "2026-11-23T10:01:00Z");
            confirm(kafka, venue, expired, "2026-11-23T10:02:00Z");
            await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.count(
                    "SELECT count(*) FROM forwarded_order WHERE venue_id = ? AND pos = 'portos'", venue) == 3);
            change(kafka, cancelled, "Cancelled", "cancelled");
            change(kafka, expired, "Expired", "expired");
            await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.count(
                    "SELECT count(*) FROM forwarded_order WHERE venue_id = ? AND delivery = 'withdrawn'", venue) == 2);

            JsonNode page = mapper.readTree(portos(key).get("/portos/unprocessed_orders").then().statusCode(200).extract().asString());
            assertThat(page).extracting(o -> o.get("externalId").asText()).containsExactly(kept);
            portos(key).queryParam("externalId", cancelled).queryParam("status", "accepted").post("/portos/process_order")
                    .then().statusCode(403).body("message", org.hamcrest.Matchers.containsString("cancelled"));
            // a cancellation after the till processed the order changes nothing there
            portos(key).queryParam("externalId", kept).queryParam("status", "accepted").post("/portos/process_order").then().statusCode(200);
            java.util.UUID late = change(kafka, kept, "Cancelled", "cancelled");
            await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.count(
                    "SELECT count(*) FROM processed_event WHERE consumer = 'proxy-connectors.orders-events' AND event_id = ?::uuid",
                    late.toString()) == 1);
            assertThat(TestDatabase.query("SELECT delivery FROM forwarded_order WHERE order_id = ?", kept).get(0).get("delivery"))
                    .isEqualTo("delivered");
        }
    }

    private java.util.UUID change(KafkaTestClient kafka, String orderId, String change, String status) throws Exception {
        EventEnvelope event = EventEnvelope.of("Order" + change, "order-service", orderId,
                Map.of("change", change, "partnerId", "p1", "order", Map.of("id", orderId, "status", status)), mapper);
        kafka.send("rotender.orders.events", orderId, mapper.writeValueAsString(event));
        return event.eventId();
    }
}
