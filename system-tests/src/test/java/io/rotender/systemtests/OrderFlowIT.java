package io.rotender.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.rotender.systemtests.client.LocalPlatform;
import io.rotender.systemtests.client.PlatformClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The order flow on the running platform with its unit simulator, as a partner app drives it (seed 000 workflow):
 * menu, POST an order, the code from the unit's screen, PUT it with status ready, the unit pours, the order is
 * poured and the stock consumed; the v1 flow (paid, then code_entered); a failed pour. Prints POST-to-201 over a
 * series of orders and code-to-Pour (the PUT with the code to the simulator receiving Pour, one clock).
 * <p>
 * With a second order-service replica ({@code ORDER_REPLICA_B_URL}), orders are placed on one replica and updated
 * on the other, and the POSTs alternate between them, so reservation answers are consumed by either replica.
 */
@Tag("e2e")
class OrderFlowIT {

    private static final String VENUE = "demo-bar";
    private static final LocalPlatform PLATFORM = LocalPlatform.fromEnvironment();
    private static PlatformClient client;
    private static String key;
    private static String orders;
    private static String ordersB;

    @BeforeAll
    static void partner() {
        client = PLATFORM.admin();
        key = PLATFORM.secret("partner-key-demo-app");
        orders = PLATFORM.orders();
        ordersB = PLATFORM.ordersReplicaB().orElse(orders);
        if (!ordersB.equals(orders)) {
            System.out.println("two order-service replicas: " + orders + " and " + ordersB);
        }
    }

    @Test
    void aSeriesOfOrdersIsPlacedOnEitherReplicaAndCancelledOnTheOther() {
        JsonNode menu = client.expectAs(key, "GET", PLATFORM.menu() + "/venues/" + VENUE, null, 200).body();
        assertTrue(menu.path("drinks").findValuesAsText("id").contains("vodka-soda"), "vodka-soda is on the menu: " + menu);

        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String placeOn = i % 2 == 0 ? orders : ordersB;
            String updateOn = i % 2 == 0 ? ordersB : orders;
            long start = System.nanoTime();
            JsonNode placed = client.expectAs(key, "POST", placeOn + "/venues/" + VENUE + "/orders", v1Order("vodka-soda"), 201).body();
            latencies.add((System.nanoTime() - start) / 1_000);
            JsonNode cancelled = client.expectAs(key, "PUT", updateOn + "/venues/" + VENUE + "/orders/" + placed.get("id").asText(),
                    Map.of("status", "cancelled"), 200).body();
            assertEquals("cancelled", cancelled.path("status").asText(), "the other replica cancelled the order");
        }
        Collections.sort(latencies);
        System.out.printf("POST to 201 over %d orders: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", latencies.size(),
                latencies.get(latencies.size() / 2) / 1000.0, latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1) / 1000.0,
                latencies.get(latencies.size() - 1) / 1000.0);
    }

    @Test
    void theSeedWorkflowPoursAndConsumesTheStock() throws Exception {
        JsonNode order = client.expectAs(key, "POST", orders + "/venues/" + VENUE + "/orders", v1Order("vodka-soda"), 201).body();
        String orderId = order.get("id").asText();
        String unitId = order.get("unit_id").asText();
        assertTrue(order.path("code").isMissingNode(), "no code in the partner's answer: " + order);
        int levelBefore = level(unitId, "vodka");
        String code = Waits.codeOnScreen(client, PLATFORM.unitSimulator(), unitId, orderId);
        long codeSent = System.currentTimeMillis();
        JsonNode ready = client.expectAs(key, "PUT", ordersB + "/venues/" + VENUE + "/orders/" + orderId,
                Map.of("status", "ready", "code", code), 200).body();
        assertEquals("ready", ready.path("status").asText(), "the order is ready after the right code");
        long pourReceived = pourReceivedAt(unitId, orderId);
        System.out.printf("code to Pour at the unit: %d ms%n", pourReceived - codeSent);
        awaitStatus(orderId, "poured");
        awaitLevel(unitId, "vodka", levelBefore - 40);
        System.out.println("seed workflow: menu, POST 201 confirmed, code from the unit's screen, ready, Pour, poured, 40 ml vodka consumed");
    }

    @Test
    void theV1FlowPaidThenCodeEnteredPours() throws Exception {
        JsonNode v1 = client.expectAs(key, "POST", orders + "/venues/" + VENUE + "/orders", v1Order("gin-tonic"), 201).body();
        String id = v1.get("id").asText();
        client.expectAs(key, "PUT", orders + "/venues/" + VENUE + "/orders", Map.of("order_id", id, "status", "paid"), 200);
        String code = Waits.codeOnScreen(client, PLATFORM.unitSimulator(), v1.get("unit_id").asText(), id);
        client.expectAs(key, "PUT", orders + "/venues/" + VENUE + "/orders", Map.of("order_id", id, "status", "code_entered", "code", code), 200);
        awaitStatus(id, "poured");
        System.out.println("v1 flow: POST, PUT paid, PUT code_entered, poured");
    }

    @Test
    void aFailedPourFailsTheOrder() throws Exception {
        JsonNode failing = client.expectAs(key, "POST", orders + "/venues/" + VENUE + "/orders", v1Order("vodka-soda"), 201).body();
        String id = failing.get("id").asText();
        String unit = failing.get("unit_id").asText();
        String code = Waits.codeOnScreen(client, PLATFORM.unitSimulator(), unit, id);
        client.expect("POST", PLATFORM.unitSimulator() + "/units/" + unit + "/fail-next", null, 202);
        client.expectAs(key, "PUT", orders + "/venues/" + VENUE + "/orders/" + id, Map.of("status", "ready", "code", code), 200);
        awaitStatus(id, "failed");
        System.out.println("failed pour: order failed, stock released");
    }

    private static Map<String, Object> v1Order(String drink) {
        return Map.of("venue_id", VENUE, "customer", Map.of("first_name", "Winter", "last_name", "Mute"), "drink_id", drink);
    }

    private static long pourReceivedAt(String unitId, String orderId) {
        JsonNode pours = Waits.until("Pour for " + orderId + " at " + unitId, Duration.ofSeconds(20), Duration.ofMillis(10),
                () -> client.call("GET", PLATFORM.unitSimulator() + "/units/" + unitId + "/pours", null).body(),
                body -> pourOf(body, orderId) != null);
        return Instant.parse(pourOf(pours, orderId).get("received_at").asText()).toEpochMilli();
    }

    private static JsonNode pourOf(JsonNode pours, String orderId) {
        for (JsonNode pour : pours) {
            if (orderId.equals(pour.path("order_id").asText())) {
                return pour;
            }
        }
        return null;
    }

    private static void awaitStatus(String orderId, String status) {
        Waits.order(client, orders, key, VENUE, orderId, o -> status.equals(o.path("status").asText()), "status " + status, 30);
    }

    private static int level(String unitId, String ingredient) {
        JsonNode unit = client.expect("GET", PLATFORM.inventory() + "/admin/venues/" + VENUE + "/units/" + unitId, null, 200).body();
        for (JsonNode slot : unit.path("slots")) {
            if (ingredient.equals(slot.path("ingredientId").asText())) {
                return slot.path("levelMl").asInt();
            }
        }
        return fail("unit " + unitId + " has no " + ingredient + ": " + unit);
    }

    private static void awaitLevel(String unitId, String ingredient, int expected) {
        Waits.until(ingredient + " on " + unitId + " at " + expected + " ml after the pour", Duration.ofSeconds(20), Duration.ofMillis(50),
                () -> level(unitId, ingredient), level -> level == expected);
    }
}
