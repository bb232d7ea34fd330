package io.rotender.order.orders;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.rotender.order.PartnerAtVenue;
import io.rotender.platform.testing.KafkaTestClient;
import io.rotender.platform.testing.RecordedSpans;
import io.rotender.platform.testing.TestDatabase;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.rotender.order.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * One trace follows an order from its POST through the outbox and Kafka (the reservation command, inventory's answer),
 * ShowCode, and the Pour that the code's PUT triggers, to the Poured that closes it: every record carries the trace in
 * its {@code traceparent} header, and order-service's spans of it (the POST, the relay's publish spans, the consumers'
 * spans) share the trace id. The inventory stand-in continues the trace as inventory-service does (its own test pins that).
 */
@QuarkusTest
class OrderTracingTest extends PartnerAtVenue {

    @Inject
    RecordedSpans spans;

    @Test
    void oneTraceFromThePostToThePour() {
        var created = as(key).body(Map.of("venue_id", venue, "customer", Map.of("first_name", "Ada", "last_name", "Lovelace"), "drink_id", "vodka-soda"))
                .post("/venues/{v}/orders", venue).then().statusCode(201).body("status", is("confirmed")).extract();
        String orderId = created.path("id");
        String traceId = String.valueOf(TestDatabase.query("SELECT traceparent FROM orders WHERE id = ?", orderId).get(0).get("traceparent"))
                .split("-")[1];
        // the answer names the trace (a partner can quote it; the access log prints it)
        assertThat(created.header("traceresponse")).matches("00-" + traceId + "-[0-9a-f]{16}-01");

        SpanData post = await().atMost(Duration.ofSeconds(10)).until(() -> spans.ofTrace(traceId).stream()
                .filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElse(null), s -> s != null);
        assertThat(post.getName()).contains("POST");

        assertThat(traceOf(record("rotender.inventory.commands", orderId, "ReserveStock"))).isEqualTo(traceId);
        String code = fx.codeOnScreen("unit-1", orderId, 1);
        assertThat(traceOf(record("rotender.units.commands", "unit-1", "ShowCode", orderId))).isEqualTo(traceId);

        // the code's PUT is a request of its own, with a trace of its own; the pour joins the order's trace, linked to it
        as(key).body(Map.of("status", "ready", "code", code)).put("/venues/{v}/orders/{o}", venue, orderId)
                .then().statusCode(200).body("status", is("ready"));
        ConsumerRecord<String, String> pour = record("rotender.units.commands", "unit-1", "Pour", orderId);
        assertThat(traceOf(pour)).isEqualTo(traceId);
        SpanData ready = await().atMost(Duration.ofSeconds(10)).until(() -> spans.ofTrace(traceId).stream()
                .filter(s -> s.getName().equals("order ready")).findFirst().orElse(null), s -> s != null);
        assertThat(ready.getLinks()).hasSize(1);
        assertThat(ready.getLinks().get(0).getSpanContext().getTraceId()).isNotEqualTo(traceId);

        // the unit answers within the Pour's trace, as the simulator does
        fx.kafka.send("rotender.units.events", "unit-1", envelope("Poured", Map.of("unitId", "unit-1", "orderId", orderId,
                "used", List.of(Map.of("ingredientId", "base", "ml", 40)))), Map.of("traceparent",
                KafkaTestClient.header(pour, "traceparent")));
        assertThat(traceOf(record("rotender.orders.events", orderId, "OrderPoured"))).isEqualTo(traceId);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spans.ofTrace(traceId))
                .extracting(SpanData::getName)
                .contains("rotender.inventory.commands publish", "rotender.inventory.events process",
                        "rotender.units.commands publish", "rotender.units.events process", "rotender.orders.events publish"));
        assertThat(spans.ofTrace(traceId)).filteredOn(s -> s.getName().equals("rotender.inventory.events process"))
                .allSatisfy(s -> assertThat(s.getKind()).isEqualTo(SpanKind.CONSUMER));

        // background work (the relay's and the expiry's polls, consumers of records without a trace) starts no trace:
        // every trace kept starts at a request (RequestSampler)
        assertThat(spans.matching(s -> !s.getParentSpanContext().isValid())).isNotEmpty()
                .allSatisfy(root -> assertThat(root.getKind()).as(root.getName()).isEqualTo(SpanKind.SERVER));
    }

    private String envelope(String type, Object data) {
        try {
            return mapper.writeValueAsString(io.rotender.platform.events.EventEnvelope.of(type, "test", null, data, mapper));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ConsumerRecord<String, String> record(String topic, String key, String type) {
        return record(topic, key, type, key);
    }

    /** The first record of {@code type} on {@code topic} under {@code key} that names {@code orderId}. */
    private ConsumerRecord<String, String> record(String topic, String key, String type, String orderId) {
        Predicate<ConsumerRecord<String, String>> wanted = r -> key.equals(r.key()) && type.equals(KafkaTestClient.header(r, "ce_type"))
                && r.value().contains(orderId);
        return fx.kafka.readUntil(topic, l -> l.stream().anyMatch(wanted), Duration.ofSeconds(20)).stream()
                .filter(wanted).findFirst().orElseThrow(() -> new AssertionError("no " + type + " on " + topic + " for " + orderId));
    }

    private static String traceOf(ConsumerRecord<String, String> record) {
        String traceparent = KafkaTestClient.header(record, "traceparent");
        assertThat(traceparent).as("traceparent of %s", record.value()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        return traceparent.split("-")[1];
    }
}
