package io.rotender.order.orders;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.rotender.order.PartnerAtVenue;
import io.rotender.platform.events.EventEnvelope;
import io.rotender.platform.testing.KafkaTestClient;
import io.rotender.platform.testing.RecordedSpans;
import io.rotender.platform.testing.TestDatabase;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static io.rotender.order.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sold-out burst: inventory's rejections of many orders, come in one poll, are applied together (one transaction,
 * a statement for all) with exactly the outcome of applying each alone: each order rejected naming its drinks, its
 * waiting POST answered 409 at once, one OrderRejected each, traced back to its order; a rejection of an unknown order
 * changes nothing.
 */
@QuarkusTest
class SoldOutBurstTest extends PartnerAtVenue {

    private static final int BUYERS = 6;

    @Inject
    MeterRegistry registry;

    @Inject
    RecordedSpans spans;

    @Test
    void aPollsRejectionsAreAppliedTogetherAndEachWaitingPostHearsItsOwn() throws Exception {
        inventory.silentVenues.add(venue);
        try {
            double waitingBefore = waiting();
            List<CompletableFuture<Response>> posts = new ArrayList<>();
            for (int i = 0; i < BUYERS; i++) {
                String drink = i % 2 == 0 ? "vodka-soda" : "gin-tonic";
                posts.add(CompletableFuture.supplyAsync(() -> as(key).body(Map.of("venue_id", venue, "drink_id", drink,
                        "customer", Map.of("first_name", "Burst", "last_name", "Buyer"))).post("/venues/{v}/orders", venue)));
            }
            // every POST waits for its reservation (5 s in tests): the orders are in and inventory has not answered
            await().atMost(Duration.ofSeconds(20)).until(() -> waiting() - waitingBefore >= BUYERS);
            List<String> orders = pendingOrders();
            assertThat(orders).hasSize(BUYERS);
            double togetherBefore = together();

            Map<String, String> rejections = new LinkedHashMap<>();
            for (String orderId : orders) {
                String drink = drinkOf(orderId);
                rejections.put(orderId, mapper.writeValueAsString(EventEnvelope.of("StockRejected", "inventory-stand-in", orderId,
                        Map.of("orderId", orderId, "venueId", venue, "unavailableDrinks", List.of(drink), "reason", "out-of-stock"), mapper)));
            }
            String unknown = "ord-" + UUID.randomUUID();
            rejections.put(unknown, mapper.writeValueAsString(EventEnvelope.of("StockRejected", "inventory-stand-in", unknown,
                    Map.of("orderId", unknown, "venueId", venue, "unavailableDrinks", List.of("vodka-soda"), "reason", "out-of-stock"), mapper)));
            // one partition: one consumer reads them all in one poll; each rejection continues its order's trace, as
            // inventory-service's does
            Map<String, String> traces = new LinkedHashMap<>();
            for (String orderId : orders) {
                traces.put(orderId, String.valueOf(TestDatabase.query("SELECT traceparent FROM orders WHERE id = ?", orderId).get(0).get("traceparent")));
            }
            fx.kafka.sendAll("rotender.inventory.events", 0, rejections,
                    orderId -> traces.containsKey(orderId) ? Map.of("traceparent", traces.get(orderId)) : Map.of());

            for (CompletableFuture<Response> post : posts) {
                Response answer = post.get();
                assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(409);
                String orderId = answer.path("order_id");
                assertThat(orders).contains(orderId);
                assertThat(answer.<List<String>>path("unavailable_drinks")).containsExactly(drinkOf(orderId));
            }
            assertThat(together() - togetherBefore).as("the rejections were applied together").isPositive();
            for (String orderId : orders) {
                JsonNode order = mapper.readTree(as(key).get("/venues/{v}/orders/{o}", venue, orderId).then().statusCode(200).extract().asString());
                assertThat(order.path("status").asText()).isEqualTo("rejected");
                assertThat(order.path("unavailable_drinks").toString()).contains(drinkOf(orderId));
                List<JsonNode> changes = fx.events("rotender.orders.events", orderId,
                        l -> l.stream().anyMatch(e -> e.path("type").asText().equals("OrderRejected")));
                assertThat(changes.stream().filter(e -> e.path("type").asText().equals("OrderRejected")))
                        .singleElement().satisfies(e -> assertThat(e.at("/data/order/status").asText()).isEqualTo("rejected"));
            }
            assertThat(TestDatabase.count("SELECT count(*) FROM orders WHERE id = ?", unknown)).isZero();
            for (String orderId : orders) {
                assertThat(rejectionTraced(orderId, traces.get(orderId).split("-")[1]))
                        .as("the OrderRejected of %s leads back to its order's trace", orderId).isTrue();
            }
        } finally {
            inventory.silentVenues.remove(venue);
        }
    }

    /**
     * Whether the OrderRejected of {@code orderId} was written in a consumer span that continues the order's trace
     * ({@code orderTrace}): its own span when applied alone, else the span of the rejections applied together, linked to
     * each of their traces.
     */
    private boolean rejectionTraced(String orderId, String orderTrace) {
        Predicate<ConsumerRecord<String, String>> rejected = r -> orderId.equals(r.key()) && "OrderRejected".equals(KafkaTestClient.header(r, "ce_type"));
        ConsumerRecord<String, String> record = fx.kafka.readUntil("rotender.orders.events", l -> l.stream().anyMatch(rejected), Duration.ofSeconds(20))
                .stream().filter(rejected).findFirst().orElseThrow();
        String traceparent = KafkaTestClient.header(record, "traceparent");
        assertThat(traceparent).as("traceparent of the OrderRejected of %s", orderId).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        String trace = traceparent.split("-")[1];
        List<SpanData> consumed = await().atMost(Duration.ofSeconds(10)).until(() -> spans.ofTrace(trace).stream()
                .filter(s -> s.getKind() == SpanKind.CONSUMER && s.getName().equals("rotender.inventory.events process")).toList(), l -> !l.isEmpty());
        return consumed.stream().anyMatch(s -> trace.equals(orderTrace)
                || s.getLinks().stream().anyMatch(link -> link.getSpanContext().getTraceId().equals(orderTrace)));
    }

    private double waiting() {
        return registry.get("rotender.order.reservation.waiting").gauge().value();
    }

    private double together() {
        var counter = registry.find("rotender.events.together").tag("consumer", "order-service.inventory-events").counter();
        return counter == null ? 0 : counter.count();
    }

    private List<String> pendingOrders() {
        return TestDatabase.query("SELECT id FROM orders WHERE venue_id = ? AND status = 'pending' ORDER BY id", venue)
                .stream().map(row -> (String) row.get("id")).toList();
    }

    private String drinkOf(String orderId) {
        return as(key).get("/venues/{v}/orders/{o}", venue, orderId).then().statusCode(200).extract().path("items[0].drink_id");
    }
}
