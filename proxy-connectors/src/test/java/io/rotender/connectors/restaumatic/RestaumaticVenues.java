package io.rotender.connectors.restaumatic;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotender.platform.events.EventEnvelope;
import io.rotender.platform.testing.KafkaTestClient;
import io.rotender.platform.testing.TestCredentials;
import io.rotender.platform.testing.TestDatabase;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

/** Venues connected to a Restaumatic stand-in, and the order events that reach the connector, for the tests. */
public final class RestaumaticVenues {

    public static final String HOOK_TOKEN = "hook-token-abcdef-123456";

    private RestaumaticVenues() {
    }

    /** A new venue whose POS is {@code pos}, sending {@code apiToken}. */
    public static String venue(RestaumaticStandIn pos, String apiToken) {
        String venue = "rm-" + UUID.randomUUID().toString().substring(0, 8);
        connect(venue, pos, apiToken, 201);
        return venue;
    }

    /** Sets (again) the venue's Restaumatic settings: how an operator mends a wrong API token. */
    public static void connect(String venue, RestaumaticStandIn pos, String apiToken, int expectedStatus) {
        given().header("Authorization", TestCredentials.adminBearer()).contentType("application/json")
                .body(Map.of("pos", "restaumatic", "restaumatic", Map.of("baseUrl", pos.baseUrl(), "restaurantId", 466,
                        "apiToken", apiToken, "hookToken", HOOK_TOKEN, "sourceReferenceName", "rotender",
                        "vatLetters", Map.of("vodka-soda", "A"), "defaultVatLetter", "B")))
                .put("/admin/venues/{v}/pos", venue).then().statusCode(expectedStatus)
                .body("restaumatic.apiToken", is("(set)"));
    }

    public static String newOrderId() {
        return "ord_" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** The order as order-service publishes it. */
    public static Map<String, Object> order(String venue, String orderId) {
        return Map.ofEntries(Map.entry("id", orderId), Map.entry("number", 42), Map.entry("venue_id", venue),
                Map.entry("status", "confirmed"),
                Map.entry("items", List.of(
                        Map.of("drink_id", "vodka-soda", "name", "Vodka Soda", "quantity", 2, "unit_price", 18.00, "line_total", 36.00),
                        Map.of("drink_id", "gin-tonic", "name", "Gin & Tonic", "quantity", 1, "unit_price", 22.50, "line_total", 22.50))),
                Map.entry("customer", Map.of("first_name", "Winter", "last_name", "Mute", "phone", "+48123123123")),
                Map.entry("order_total", 58.50), Map.entry("tip", 2.00), Map.entry("currency", "PLN"),
                Map.entry("payment", Map.of("status", "paid", "amount", 60.50, "currency", "PLN", "method", "card")),
                Map.entry("note", "Extra ice"),
                Map.entry("created_at", "2026-11-23T10:15:30.123456Z"),
                Map.entry("expires_at", Instant.now().plusSeconds(1800).toString()));
    }

    /** Publishes the order's {@code OrderConfirmed}; returns the event as sent. */
    public static String confirm(KafkaTestClient kafka, ObjectMapper mapper, String venue, String orderId) throws Exception {
        String event = mapper.writeValueAsString(EventEnvelope.of("OrderConfirmed", "order-service", orderId,
                Map.of("change", "Confirmed", "partnerId", "p1", "order", order(venue, orderId)), mapper));
        kafka.send("rotender.orders.events", orderId, event);
        return event;
    }

    /** Publishes the order's {@code OrderCancelled}. */
    public static void cancel(KafkaTestClient kafka, ObjectMapper mapper, String orderId) throws Exception {
        EventEnvelope cancelled = EventEnvelope.of("OrderCancelled", "order-service", orderId,
                Map.of("change", "Cancelled", "partnerId", "p1", "order", Map.of("id", orderId, "status", "cancelled")), mapper);
        kafka.send("rotender.orders.events", orderId, mapper.writeValueAsString(cancelled));
    }

    /** The forward's delivery state (queued, delivered, dead, withdrawn), or null before it exists. */
    public static String delivery(String orderId) {
        List<Map<String, Object>> rows = TestDatabase.query("SELECT delivery FROM forwarded_order WHERE order_id = ?", orderId);
        return rows.isEmpty() ? null : (String) rows.get(0).get("delivery");
    }
}
