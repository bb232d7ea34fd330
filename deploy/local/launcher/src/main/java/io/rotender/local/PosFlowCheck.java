package io.rotender.local;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * End-to-end check of the POS connectors on the running local platform with the POS emulators: an order of
 * the Restaumatic venue and one of the PORTOS venue each reach POS state {@code accepted}; an order the POS
 * rejects before the pour is cancelled and its stock released. Prints how long each POS answer took.
 * <p>
 * Usage: {@code PosFlowCheck <admin-token-file> <partner-key-file> [orders-url] [inventory-url]}
 */
public final class PosFlowCheck {

    private PosFlowCheck() {
    }

    public static void main(String[] args) throws Exception {
        AdminClient admin = new AdminClient(Files.readString(Path.of(args[0])).strip());
        String key = Files.readString(Path.of(args[1])).strip();
        String orders = args.length > 2 ? args[2] : "http://localhost:8083";
        String inventory = args.length > 3 ? args[3] : "http://localhost:8082";
        for (String venue : new String[]{"demo-restaumatic", "demo-portos"}) {
            String accepted = place(admin, orders, key, venue, null);
            long start = System.nanoTime();
            await(admin, orders, key, venue, accepted, o -> "accepted".equals(o.path("pos_status").asText()), "POS state accepted");
            System.out.printf("%s: order reached POS state accepted in %d ms%n", venue, (System.nanoTime() - start) / 1_000_000);

            String unit = venue + "-unit";
            int reservedBefore = reservedGin(admin, inventory, venue, unit);
            String rejected = place(admin, orders, key, venue, "please reject this one");
            await(admin, orders, key, venue, rejected, o -> "cancelled".equals(o.path("status").asText())
                    && "rejected".equals(o.path("pos_status").asText()), "cancelled after the POS rejected it");
            long deadline = System.currentTimeMillis() + 20_000;
            while (reservedGin(admin, inventory, venue, unit) != reservedBefore && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            int reservedAfter = reservedGin(admin, inventory, venue, unit);
            if (reservedAfter != reservedBefore) {
                fail(venue + ": the rejected order's stock was not released (reserved " + reservedAfter + " ml, expected " + reservedBefore + ")");
            }
            System.out.printf("%s: a POS rejection before the pour cancelled the order and released its stock%n", venue);
        }
        System.out.println("POS flow check passed");
    }

    static String place(AdminClient admin, String orders, String key, String venue, String note) throws Exception {
        Map<String, Object> body = note == null
                ? Map.of("venue_id", venue, "customer", Map.of("first_name", "Ada", "last_name", "Lovelace"), "drink_id", "gin-tonic")
                : Map.of("venue_id", venue, "customer", Map.of("first_name", "Ada", "last_name", "Lovelace"), "drink_id", "gin-tonic",
                        "note", note);
        AdminClient.Answer answer = admin.call("POST", orders + "/venues/" + venue + "/orders", body, key);
        if (answer.status() != 201) {
            fail(venue + ": POST answered " + answer.status() + ": " + answer.body());
        }
        return answer.body().get("id").asText();
    }

    private static int reservedGin(AdminClient admin, String inventory, String venue, String unit) throws Exception {
        for (JsonNode slot : admin.call("GET", inventory + "/admin/venues/" + venue + "/units/" + unit, null).body().path("slots")) {
            if ("gin".equals(slot.path("ingredientId").asText())) {
                return slot.path("reservedMl").asInt();
            }
        }
        return -1;
    }

    static void await(AdminClient admin, String orders, String key, String venue, String orderId,
                              java.util.function.Predicate<JsonNode> condition, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        JsonNode last = null;
        while (System.currentTimeMillis() < deadline) {
            last = admin.call("GET", orders + "/venues/" + venue + "/orders/" + orderId, null, key).body();
            if (condition.test(last)) {
                return;
            }
            Thread.sleep(100);
        }
        fail(venue + ": order " + orderId + " never got " + what + "; last seen " + last);
    }

    private static void fail(String message) {
        System.out.println("FAILED: " + message);
        System.exit(1);
    }
}
