package io.rotender.systemtests.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.rotender.systemtests.client.LocalPlatform;
import io.rotender.systemtests.client.PlatformClient;
import io.rotender.systemtests.probe.Database;
import io.rotender.systemtests.probe.Ledger;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The invariants after the fault test (bench/faults), from the load's record, the services' databases and what
 * the POS emulators saw: every accepted order reached a final state and none is stuck; no retried POST made a
 * second order; no order got two pour decisions or was consumed twice; no slot was oversold; every slot's
 * ledger adds up ({@link Ledger}); the order and inventory sides agree on every order (no event lost or applied
 * twice); Restaumatic saw each of its confirmed orders under exactly one id, PORTOS processed each of its
 * confirmed orders exactly once.
 */
final class FaultInvariants {

    private static final Set<String> FINAL = Set.of("poured", "failed", "cancelled", "rejected", "expired");

    /** The figures of a check and what broke an invariant (nothing, when all hold). */
    record Report(Map<String, Object> figures, List<String> violations) {
    }

    private final LocalPlatform platform;
    private final PlatformClient client;

    FaultInvariants(LocalPlatform platform) {
        this.platform = platform;
        this.client = new PlatformClient(null); // the POS emulators' record needs no credential
    }

    /**
     * Every check is of a state the platform reaches eventually (an order's pour reaches inventory a consumer's lag
     * later): it is repeated until it holds or {@code waitSeconds} are over.
     */
    Report check(JsonNode load, int waitSeconds) throws Exception {
        Map<String, String> accepted = new LinkedHashMap<>();
        load.path("accepted").fields().forEachRemaining(e -> accepted.put(e.getKey(), e.getValue().asText()));
        List<String> violations = new ArrayList<>();
        Map<String, Integer> checked = new LinkedHashMap<>();
        long began = System.currentTimeMillis();
        long deadline = began + waitSeconds * 1000L;
        Map<String, String> status;
        List<String> open;
        while (true) {
            status = statuses(accepted.keySet());
            Map<String, String> now = status;
            open = accepted.keySet().stream().filter(id -> !FINAL.contains(now.getOrDefault(id, "missing"))).toList();
            violations.clear();
            for (String id : open) {
                violations.add("order " + id + " (" + accepted.get(id) + ") is stuck in " + status.getOrDefault(id, "no row at all"));
            }
            if (open.isEmpty()) {
                violations.addAll(storeViolations(load, accepted, status));
                violations.addAll(posViolations(accepted, status, checked));
            }
            if (violations.isEmpty() || System.currentTimeMillis() >= deadline) {
                break;
            }
            Thread.sleep(2000);
        }
        System.out.printf("fault check: the stores settled %.0f s after the load ended%s%n", (System.currentTimeMillis() - began) / 1000.0,
                violations.isEmpty() ? "" : " (they had not: the wait of " + waitSeconds + " s is over)");
        Map<String, Integer> byStatus = new TreeMap<>();
        for (String id : accepted.keySet()) {
            byStatus.merge(status.getOrDefault(id, "missing"), 1, Integer::sum);
        }
        Map<String, Integer> reasons = new TreeMap<>();
        try (Connection orders = Database.connect(platform.jdbc("orders"))) {
            for (List<Object> r : Database.rows(orders,
                    "SELECT status, coalesce(reason, '-') FROM orders WHERE id = ANY(?) AND status <> 'poured'", accepted.keySet())) {
                reasons.merge(r.get(0) + ": " + r.get(1), 1, Integer::sum);
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
        return new Report(figures, List.copyOf(violations));
    }

    /** What the two services' stores say against the invariants, once every accepted order is final. */
    private List<String> storeViolations(JsonNode load, Map<String, String> accepted, Map<String, String> status) throws Exception {
        List<String> violations = new ArrayList<>();
        try (Connection orders = Database.connect(platform.jdbc("orders"));
             Connection inventory = Database.connect(platform.jdbc("inventory"))) {
            Database.rows(orders, "SELECT partner_order_id, count(*) FROM orders WHERE partner_order_id LIKE 'load-%' GROUP BY 1 HAVING count(*) > 1")
                    .forEach(r -> violations.add("retried POST made " + r.get(1) + " orders for " + r.get(0)));
            load.path("double_pour_decisions").forEach(o -> violations.add("order " + o.asText() + " got two different Pour commands"));
            Database.rows(inventory, "SELECT order_id, ingredient_id, count(*) FROM stock_movement WHERE kind = 'consume' GROUP BY 1, 2 HAVING count(*) > 1")
                    .forEach(r -> violations.add("order " + r.get(0) + " consumed " + r.get(1) + " " + r.get(2) + " times"));
            Database.rows(inventory, Ledger.OVERSOLD, null, null)
                    .forEach(r -> violations.add("slot " + r.get(0) + "/" + r.get(1) + " oversold: level " + r.get(2) + ", reserved " + r.get(3)));
            Database.rows(inventory, Ledger.MOVEMENTS_DISAGREE, null, null)
                    .forEach(r -> violations.add("slot " + r.get(0) + "/" + r.get(1) + ": level " + r.get(2) + " and reserved " + r.get(3)
                            + " but the ledger says " + r.get(4) + " and " + r.get(5)));
            Database.rows(inventory, Ledger.RESERVATIONS_DISAGREE, null, null)
                    .forEach(r -> violations.add("slot " + r.get(0) + "/" + r.get(1) + " holds " + r.get(2) + " ml reserved but its open reservations "
                            + r.get(3)));
            Map<String, String> reservations = new HashMap<>();
            for (List<Object> r : Database.rows(inventory, "SELECT order_id, status FROM reservation")) {
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

    /** What the POS emulators saw of the confirmed orders; counts the orders checked per POS into checked. */
    private List<String> posViolations(Map<String, String> accepted, Map<String, String> status, Map<String, Integer> checked) {
        JsonNode pos = client.call("GET", platform.posEmulators() + "/emulator/orders", null).body();
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

    private Map<String, String> statuses(Set<String> ids) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Connection c = Database.connect(platform.jdbc("orders"))) {
            for (List<Object> r : Database.rows(c, "SELECT id, status FROM orders WHERE id = ANY(?)", ids)) {
                out.put((String) r.get(0), (String) r.get(1));
            }
        }
        return out;
    }
}
