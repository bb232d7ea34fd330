package io.rotender.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The invariants after the fault test (bench/faults), from the load's record, the services' databases and
 * what the POS emulators saw: every accepted order reached a final state and none is stuck; no retried
 * POST made a second order; no order got two pour decisions or was consumed twice; no slot was oversold;
 * every slot's ledger adds up (initial = remaining + consumed, reserved = the open reservations); the order
 * and inventory sides agree on every order (no event lost or applied twice); Restaumatic saw each of its
 * confirmed orders under exactly one id, PORTOS processed each of its confirmed orders exactly once. Exits non-zero on any violation.
 * <p>
 * Usage: {@code FaultCheck <load.json> <pg-port> <emulator-url> <wait-seconds> <kafka>}
 */
public final class FaultCheck {

    private static final Set<String> FINAL = Set.of("poured", "failed", "cancelled", "rejected", "expired");

    private FaultCheck() {
    }

    public static void main(String[] args) throws Exception {
        JsonNode load = Results.MAPPER.readTree(Path.of(args[0]).toFile());
        String pg = "jdbc:postgresql://127.0.0.1:" + args[1] + "/";
        String emulator = args[2];
        int waitSeconds = Integer.parseInt(args[3]);
        String kafka = args[4];
        Map<String, String> accepted = new LinkedHashMap<>();
        load.path("accepted").fields().forEachRemaining(e -> accepted.put(e.getKey(), e.getValue().asText()));
        List<String> violations = new ArrayList<>();
        Map<String, Integer> checked = new LinkedHashMap<>();

        // Every check below is of a state the platform reaches eventually (an order's pour reaches inventory a
        // consumer's lag later): the check is repeated until it holds or the wait is over.
        long began = System.currentTimeMillis();
        long deadline = began + waitSeconds * 1000L;
        Map<String, String> status;
        List<String> open;
        while (true) {
            status = statuses(pg, accepted.keySet());
            Map<String, String> now = status;
            open = accepted.keySet().stream().filter(id -> !FINAL.contains(now.getOrDefault(id, "missing"))).toList();
            violations.clear();
            for (String id : open) {
                violations.add("order " + id + " (" + accepted.get(id) + ") is stuck in " + status.getOrDefault(id, "no row at all"));
            }
            if (open.isEmpty()) {
                violations.addAll(storeViolations(pg, load, accepted, status));
                violations.addAll(posViolations(emulator, accepted, status, checked));
            }
            if (violations.isEmpty() || System.currentTimeMillis() >= deadline) {
                break;
            }
            Thread.sleep(2000);
        }
        System.out.printf("fault check: the stores settled %.0f s after the load ended%s%n", (System.currentTimeMillis() - began) / 1000.0,
                violations.isEmpty() ? "" : " (they had not: the wait of " + waitSeconds + " s is over)");
        Map<String, Integer> byStatus = new java.util.TreeMap<>();
        for (String id : accepted.keySet()) {
            byStatus.merge(status.getOrDefault(id, "missing"), 1, Integer::sum);
        }

        Map<String, Integer> reasons = new java.util.TreeMap<>();
        try (Connection orders = DriverManager.getConnection(pg + "orders", "postgres", "");
             PreparedStatement s = orders.prepareStatement("SELECT status, coalesce(reason, '-') FROM orders WHERE id = ANY(?) AND status <> 'poured'")) {
            s.setArray(1, orders.createArrayOf("text", accepted.keySet().toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    reasons.merge(rs.getString(1) + ": " + rs.getString(2), 1, Integer::sum);
                }
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("orders_sent", load.path("orders_sent").asInt());
        figures.put("orders_accepted", accepted.size());
        figures.put("final_states", byStatus);
        figures.put("not_poured_why", reasons);
        figures.put("stuck", open.size());
        figures.put("client_retries", load.path("retries").asInt());
        figures.put("restaumatic_orders_checked", checked.getOrDefault("restaumatic", 0));
        figures.put("portos_orders_checked", checked.getOrDefault("portos", 0));
        figures.put("violations", violations);
        System.out.println("fault check: " + Results.MAPPER.writeValueAsString(figures).replaceAll("\\s+", " "));
        if (!violations.isEmpty()) {
            violations.forEach(v -> System.out.println("VIOLATION " + v));
            ConsumerLag.print(kafka);
            System.exit(1);
        }
        System.out.println("fault check passed: every invariant holds");
    }

    /** What the POS emulators saw of the confirmed orders; counts the orders checked per POS into checked. */
    private static List<String> posViolations(String emulator, Map<String, String> accepted, Map<String, String> status,
                                              Map<String, Integer> checked) throws Exception {
        HttpResponse<String> seen = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(emulator + "/emulator/orders")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode pos = Results.MAPPER.readTree(seen.body());
        List<String> violations = new ArrayList<>();
        int restaumatic = 0;
        int portos = 0;
        for (var e : accepted.entrySet()) {
            String id = e.getKey();
            if ("rejected".equals(status.get(id))) {
                continue; // never confirmed (no stock), so never forwarded to the POS
            }
            if (e.getValue().equals("demo-restaumatic")) {
                restaumatic++;
                int uuids = pos.path("restaumatic").path(id).path("uuids").size();
                if (uuids != 1) {
                    violations.add("Restaumatic saw order " + id + " under " + uuids + " order ids");
                }
            } else if (e.getValue().equals("demo-portos")) {
                portos++;
                int processed = pos.path("portos").path(id).asInt(0);
                if (processed != 1) {
                    violations.add("PORTOS processed order " + id + " " + processed + " times");
                }
            }
        }

        checked.put("restaumatic", restaumatic);
        checked.put("portos", portos);
        return violations;
    }

    /** What the two services' stores say against the invariants, once every accepted order is final. */
    private static List<String> storeViolations(String pg, JsonNode load, Map<String, String> accepted, Map<String, String> status)
            throws Exception {
        List<String> violations = new ArrayList<>();
        try (Connection orders = DriverManager.getConnection(pg + "orders", "postgres", "");
             Connection inventory = DriverManager.getConnection(pg + "inventory", "postgres", "")) {
            rows(orders, "SELECT partner_order_id, count(*) FROM orders WHERE partner_order_id LIKE 'load-%' GROUP BY 1 HAVING count(*) > 1")
                    .forEach(r -> violations.add("retried POST made " + r.get(1) + " orders for " + r.get(0)));
            load.path("double_pour_decisions").forEach(o -> violations.add("order " + o.asText() + " got two different Pour commands"));
            rows(inventory, "SELECT order_id, ingredient_id, count(*) FROM stock_movement WHERE kind = 'consume' GROUP BY 1, 2 HAVING count(*) > 1")
                    .forEach(r -> violations.add("order " + r.get(0) + " consumed " + r.get(1) + " " + r.get(2) + " times"));
            rows(inventory, "SELECT unit_id, ingredient_id, level_ml, reserved_ml FROM slot WHERE reserved_ml > level_ml OR level_ml < 0")
                    .forEach(r -> violations.add("slot " + r.get(0) + "/" + r.get(1) + " oversold: level " + r.get(2) + ", reserved " + r.get(3)));
            rows(inventory, """
                    SELECT s.unit_id, s.ingredient_id, s.level_ml, s.reserved_ml, COALESCE(sum(m.level_delta), 0), COALESCE(sum(m.reserved_delta), 0)
                    FROM slot s LEFT JOIN stock_movement m ON m.unit_id = s.unit_id AND m.ingredient_id = s.ingredient_id
                    GROUP BY 1, 2, 3, 4 HAVING s.level_ml <> COALESCE(sum(m.level_delta), 0) OR s.reserved_ml <> COALESCE(sum(m.reserved_delta), 0)""")
                    .forEach(r -> violations.add("slot " + r.get(0) + "/" + r.get(1) + ": level " + r.get(2) + " and reserved " + r.get(3)
                            + " but the ledger says " + r.get(4) + " and " + r.get(5)));
            rows(inventory, """
                    SELECT s.unit_id, s.ingredient_id, s.reserved_ml, COALESCE(sum(l.ml), 0)
                    FROM slot s LEFT JOIN reservation r ON r.unit_id = s.unit_id AND r.status = 'reserved'
                    LEFT JOIN reservation_line l ON l.order_id = r.order_id AND l.ingredient_id = s.ingredient_id
                    GROUP BY 1, 2, 3 HAVING s.reserved_ml <> COALESCE(sum(l.ml), 0)""")
                    .forEach(r -> violations.add("slot " + r.get(0) + "/" + r.get(1) + " holds " + r.get(2) + " ml reserved but its open reservations "
                            + r.get(3)));
            Map<String, String> reservations = new HashMap<>();
            for (List<Object> r : rows(inventory, "SELECT order_id, status FROM reservation")) {
                reservations.put((String) r.get(0), (String) r.get(1));
            }
            for (String id : accepted.keySet()) {
                String order = status.get(id);
                String reservation = reservations.get(id);
                boolean agree = switch (order == null ? "missing" : order) {
                    case "poured" -> "consumed".equals(reservation);
                    case "cancelled", "expired", "rejected" -> reservation == null || Set.of("released", "rejected").contains(reservation);
                    case "failed" -> reservation != null && Set.of("released", "consumed").contains(reservation);
                    default -> true; // stuck: reported above
                };
                if (!agree) {
                    violations.add("order " + id + " is " + order + " but its reservation is " + reservation);
                }
            }
        }

        return violations;
    }

    private static Map<String, String> statuses(String pg, Set<String> ids) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(pg + "orders", "postgres", "");
             PreparedStatement s = c.prepareStatement("SELECT id, status FROM orders WHERE id = ANY(?)")) {
            s.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    private static List<List<Object>> rows(Connection c, String sql) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
