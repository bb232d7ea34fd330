package io.rotender.local;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * End-to-end check of the order flow on the running local platform with the unit simulator, as a partner
 * app would drive it (seed 000 workflow): menu, POST an order, read the code from the unit's screen, PUT it
 * with status ready, the unit pours, the order is poured and the stock consumed. Then the v1 flow (paid,
 * then code_entered) and a failed pour. Measures POST-to-201 over a series of orders (p50, p99, max) and
 * code-to-Pour (the PUT with the code to the simulator receiving Pour, same clock). Exits non-zero on any
 * deviation.
 * <p>
 * With a second order-service replica's URL, orders are placed on one replica and updated on the other, and
 * every POST alternates between them, so reservation answers are consumed by either replica.
 * <p>
 * Usage: {@code OrderFlowCheck <admin-token-file> <partner-key-file> [orders-url] [menu-url] [inventory-url]
 * [simulator-url] [second-orders-url]}
 */
public final class OrderFlowCheck {

    private static final String VENUE = "demo-bar";
    private static AdminClient admin;
    private static String key;
    private static String orders;
    private static String simulator;
    private static String ordersB;

    private OrderFlowCheck() {
    }

    public static void main(String[] args) throws Exception {
        admin = new AdminClient(Files.readString(Path.of(args[0])).strip());
        key = Files.readString(Path.of(args[1])).strip();
        orders = args.length > 2 ? args[2] : "http://localhost:8083";
        String menu = args.length > 3 ? args[3] : "http://localhost:8081";
        String inventory = args.length > 4 ? args[4] : "http://localhost:8082";
        simulator = args.length > 5 ? args[5] : "http://localhost:8090";
        ordersB = args.length > 6 ? args[6] : orders;
        if (!ordersB.equals(orders)) {
            System.out.println("two order-service replicas: " + orders + " and " + ordersB);
        }

        JsonNode menuAnswer = expect(admin.call("GET", menu + "/venues/" + VENUE, null, key), 200, "menu");
        require(menuAnswer.path("drinks").findValuesAsText("id").contains("vodka-soda"), "vodka-soda is on the menu");

        // POST-to-201 latency over a series of orders, each cancelled again so the stock comes back
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String placeOn = i % 2 == 0 ? orders : ordersB;
            String updateOn = i % 2 == 0 ? ordersB : orders;
            long start = System.nanoTime();
            JsonNode placed = expect(admin.call("POST", placeOn + "/venues/" + VENUE + "/orders", v1Order("vodka-soda"), key), 201, "POST");
            latencies.add((System.nanoTime() - start) / 1_000);
            expect(admin.call("PUT", updateOn + "/venues/" + VENUE + "/orders/" + placed.get("id").asText(),
                    Map.of("status", "cancelled"), key), 200, "cancel");
        }
        Collections.sort(latencies);
        System.out.printf("POST to 201 over %d orders: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", latencies.size(),
                latencies.get(latencies.size() / 2) / 1000.0, latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1) / 1000.0,
                latencies.get(latencies.size() - 1) / 1000.0);

        // seed 000 workflow
        JsonNode order = expect(admin.call("POST", orders + "/venues/" + VENUE + "/orders", v1Order("vodka-soda"), key), 201, "POST");
        String orderId = order.get("id").asText();
        String unitId = order.get("unit_id").asText();
        require(order.path("code").isMissingNode(), "no code in the partner's answer");
        int levelBefore = level(inventory, unitId, "vodka");
        String code = screen(unitId, orderId);
        long codeSent = System.currentTimeMillis();
        JsonNode ready = expect(admin.call("PUT", ordersB + "/venues/" + VENUE + "/orders/" + orderId,
                Map.of("status", "ready", "code", code), key), 200, "PUT ready");
        require("ready".equals(ready.path("status").asText()), "order is ready after the right code");
        long pourReceived = pourReceivedAt(unitId, orderId);
        System.out.printf("code to Pour at the unit: %d ms%n", pourReceived - codeSent);
        awaitStatus(orderId, "poured");
        awaitLevel(inventory, unitId, "vodka", levelBefore - 40);
        System.out.println("seed workflow: menu, POST 201 confirmed, code from the unit's screen, ready, Pour, poured, 40 ml vodka consumed");

        // v1 flow: paid, then code_entered, on the collection path
        JsonNode v1 = expect(admin.call("POST", orders + "/venues/" + VENUE + "/orders", v1Order("gin-tonic"), key), 201, "POST v1");
        String v1Id = v1.get("id").asText();
        expect(admin.call("PUT", orders + "/venues/" + VENUE + "/orders", Map.of("order_id", v1Id, "status", "paid"), key), 200, "PUT paid");
        String v1Code = screen(v1.get("unit_id").asText(), v1Id);
        expect(admin.call("PUT", orders + "/venues/" + VENUE + "/orders", Map.of("order_id", v1Id, "status", "code_entered",
                "code", v1Code), key), 200, "PUT code_entered");
        awaitStatus(v1Id, "poured");
        System.out.println("v1 flow: POST, PUT paid, PUT code_entered, poured");

        // a failed pour
        JsonNode failing = expect(admin.call("POST", orders + "/venues/" + VENUE + "/orders", v1Order("vodka-soda"), key), 201, "POST");
        String failingId = failing.get("id").asText();
        String failingUnit = failing.get("unit_id").asText();
        String failingCode = screen(failingUnit, failingId);
        expect(admin.call("POST", simulator + "/units/" + failingUnit + "/fail-next", null), 202, "fail-next");
        expect(admin.call("PUT", orders + "/venues/" + VENUE + "/orders/" + failingId, Map.of("status", "ready", "code", failingCode), key),
                200, "PUT ready");
        awaitStatus(failingId, "failed");
        System.out.println("failed pour: order failed, stock released");
        System.out.println("order flow check passed");
    }

    private static Map<String, Object> v1Order(String drink) {
        return Map.of("venue_id", VENUE, "customer", Map.of("first_name", "Winter", "last_name", "Mute"), "drink_id", drink);
    }

    private static String screen(String unitId, String orderId) throws Exception {
        return Checks.codeOnScreen(admin, simulator, unitId, orderId);
    }

    private static long pourReceivedAt(String unitId, String orderId) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            for (JsonNode pour : admin.call("GET", simulator + "/units/" + unitId + "/pours", null).body()) {
                if (orderId.equals(pour.path("order_id").asText())) {
                    return Instant.parse(pour.get("received_at").asText()).toEpochMilli();
                }
            }
            Thread.sleep(10);
        }
        throw fail("the unit never received Pour for " + orderId);
    }

    private static void awaitStatus(String orderId, String status) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        String last = null;
        while (System.currentTimeMillis() < deadline) {
            last = admin.call("GET", orders + "/venues/" + VENUE + "/orders/" + orderId, null, key).body().path("status").asText();
            if (status.equals(last)) {
                return;
            }
            Thread.sleep(50);
        }
        throw fail("order " + orderId + " is " + last + ", expected " + status);
    }

    private static int level(String inventory, String unitId, String ingredient) throws Exception {
        JsonNode unit = expect(admin.call("GET", inventory + "/admin/venues/" + VENUE + "/units/" + unitId, null), 200, "unit");
        for (JsonNode slot : unit.path("slots")) {
            if (ingredient.equals(slot.path("ingredientId").asText())) {
                return slot.path("levelMl").asInt();
            }
        }
        throw fail("unit " + unitId + " has no " + ingredient);
    }

    private static void awaitLevel(String inventory, String unitId, String ingredient, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        int last = -1;
        while (System.currentTimeMillis() < deadline) {
            last = level(inventory, unitId, ingredient);
            if (last == expected) {
                return;
            }
            Thread.sleep(50);
        }
        throw fail(ingredient + " on " + unitId + " is " + last + " ml, expected " + expected);
    }

    private static JsonNode expect(AdminClient.Answer answer, int status, String what) {
        if (answer.status() != status) {
            throw fail(what + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.body();
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw fail(what);
        }
    }

    private static IllegalStateException fail(String message) {
        System.out.println("FAILED: " + message);
        return new IllegalStateException(message);
    }
}
