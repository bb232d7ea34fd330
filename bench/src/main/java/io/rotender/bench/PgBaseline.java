package io.rotender.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the database alone can do for one order's writes (bench/order-flow's baseline): pgbench runs a
 * script with the transactions one paid order causes across the services, from POST to Poured (order
 * insert and outbox; the relay marking sent; inventory's reservation with its ledger, idempotency record
 * and outbox; the confirmation with ShowCode; the code with Pour; the pour's consumption on both sides),
 * against a scratch database of the same PostgreSQL the platform uses. One pgbench "transaction" is one
 * order, so its rate reads directly against orders per second.
 * <p>
 * Also prints the CPU the database and pgbench used per order (from /proc), the figure the platform's CPU per
 * order reads against.
 * <p>
 * Usage: {@code PgBaseline <pg-port> <clients> <seconds> <runs> <results-dir> [<local-state-dir>]}
 */
public final class PgBaseline {

    static final String SCRIPT = """
            \\set n random(1, 1000000000)
            \\set unit random(1, 8)
            BEGIN;
            INSERT INTO b_orders (id, venue_id, status, body) VALUES ('o' || :n || '-' || :client_id, 'bench-bar', 'pending', '{"items":[{"drink_id":"bench-shot","quantity":1}]}') ON CONFLICT DO NOTHING;
            INSERT INTO b_outbox (topic, msg_key, payload) VALUES ('rotender.inventory.commands', 'o' || :n, '{"type":"ReserveStock","data":{}}');
            INSERT INTO b_outbox (topic, msg_key, payload) VALUES ('rotender.orders.events', 'o' || :n, '{"type":"OrderPlaced","data":{}}');
            COMMIT;
            UPDATE b_outbox SET sent_at = now() WHERE msg_key = 'o' || :n AND sent_at IS NULL;
            BEGIN;
            INSERT INTO b_processed (consumer, event_id) VALUES ('inventory', md5(:n || 'r' || :client_id)) ON CONFLICT DO NOTHING;
            UPDATE b_slot SET reserved_ml = reserved_ml + 10 WHERE unit_id = :unit;
            INSERT INTO b_reservation (order_id, unit_id, state) VALUES ('o' || :n || '-' || :client_id, :unit, 'held') ON CONFLICT DO NOTHING;
            INSERT INTO b_movement (unit_id, level_delta, reserved_delta, reason) VALUES (:unit, 0, 10, 'reserve');
            INSERT INTO b_outbox (topic, msg_key, payload) VALUES ('rotender.inventory.events', 'o' || :n, '{"type":"StockReserved","data":{}}');
            COMMIT;
            UPDATE b_outbox SET sent_at = now() WHERE msg_key = 'o' || :n AND sent_at IS NULL;
            BEGIN;
            INSERT INTO b_processed (consumer, event_id) VALUES ('orders', md5(:n || 'c' || :client_id)) ON CONFLICT DO NOTHING;
            UPDATE b_orders SET status = 'confirmed', code_hash = md5(:n::text) WHERE id = 'o' || :n || '-' || :client_id;
            INSERT INTO b_outbox (topic, msg_key, payload) VALUES ('rotender.units.commands', 'u' || :unit, '{"type":"ShowCode","data":{}}');
            INSERT INTO b_outbox (topic, msg_key, payload) VALUES ('rotender.orders.events', 'o' || :n, '{"type":"OrderConfirmed","data":{}}');
            COMMIT;
            UPDATE b_outbox SET sent_at = now() WHERE msg_key IN ('o' || :n, 'u' || :unit) AND sent_at IS NULL;
            BEGIN;
            UPDATE b_orders SET status = 'ready' WHERE id = 'o' || :n || '-' || :client_id;
            INSERT INTO b_outbox (topic, msg_key, payload) VALUES ('rotender.units.commands', 'u' || :unit, '{"type":"Pour","data":{}}');
            INSERT INTO b_outbox (topic, msg_key, payload) VALUES ('rotender.orders.events', 'o' || :n, '{"type":"OrderReady","data":{}}');
            COMMIT;
            UPDATE b_outbox SET sent_at = now() WHERE msg_key IN ('o' || :n, 'u' || :unit) AND sent_at IS NULL;
            BEGIN;
            INSERT INTO b_processed (consumer, event_id) VALUES ('orders', md5(:n || 'p' || :client_id)) ON CONFLICT DO NOTHING;
            UPDATE b_orders SET status = 'poured' WHERE id = 'o' || :n || '-' || :client_id;
            INSERT INTO b_outbox (topic, msg_key, payload) VALUES ('rotender.orders.events', 'o' || :n, '{"type":"OrderPoured","data":{}}');
            COMMIT;
            BEGIN;
            INSERT INTO b_processed (consumer, event_id) VALUES ('inventory', md5(:n || 'q' || :client_id)) ON CONFLICT DO NOTHING;
            UPDATE b_slot SET reserved_ml = reserved_ml - 10, level_ml = level_ml - 10 WHERE unit_id = :unit;
            UPDATE b_reservation SET state = 'consumed' WHERE order_id = 'o' || :n || '-' || :client_id;
            INSERT INTO b_movement (unit_id, level_delta, reserved_delta, reason) VALUES (:unit, -10, -10, 'consume');
            INSERT INTO b_outbox (topic, msg_key, payload) VALUES ('rotender.inventory.availability', 'bench-bar', '{"type":"AvailabilityChanged","data":{}}');
            COMMIT;
            UPDATE b_outbox SET sent_at = now() WHERE msg_key IN ('o' || :n, 'bench-bar') AND sent_at IS NULL;
            """;

    static final String SCHEMA = """
            DROP TABLE IF EXISTS b_orders, b_outbox, b_processed, b_slot, b_reservation, b_movement;
            CREATE TABLE b_orders (id TEXT PRIMARY KEY, venue_id TEXT NOT NULL, status TEXT NOT NULL, code_hash TEXT, body JSONB,
                created_at TIMESTAMPTZ NOT NULL DEFAULT now());
            CREATE TABLE b_outbox (id BIGSERIAL PRIMARY KEY, topic TEXT NOT NULL, msg_key TEXT NOT NULL, payload JSONB NOT NULL,
                created_at TIMESTAMPTZ NOT NULL DEFAULT now(), sent_at TIMESTAMPTZ);
            CREATE INDEX ON b_outbox (msg_key) WHERE sent_at IS NULL;
            CREATE TABLE b_processed (consumer TEXT, event_id TEXT, processed_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (consumer, event_id));
            CREATE TABLE b_slot (unit_id INT PRIMARY KEY, level_ml BIGINT NOT NULL, reserved_ml BIGINT NOT NULL, CHECK (reserved_ml <= level_ml));
            INSERT INTO b_slot SELECT g, 1000000000, 0 FROM generate_series(1, 8) g;
            CREATE TABLE b_reservation (order_id TEXT PRIMARY KEY, unit_id INT NOT NULL, state TEXT NOT NULL);
            CREATE TABLE b_movement (id BIGSERIAL PRIMARY KEY, unit_id INT NOT NULL, level_delta BIGINT, reserved_delta BIGINT, reason TEXT,
                at TIMESTAMPTZ NOT NULL DEFAULT now());
            """;

    private PgBaseline() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int clients = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        Path results = Path.of(args[4]);
        Path state = Path.of(args.length > 5 ? args[5] : ".local").toAbsolutePath();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            if (!s.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'bench'").next()) {
                s.execute("CREATE DATABASE bench");
            }
        }
        Path script = Files.createTempFile("rotender-order-writes", ".sql");
        Files.writeString(script, SCRIPT);
        List<Double> tps = new ArrayList<>();
        List<Double> cpuPerOrder = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/bench", "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute(SCHEMA);
            }
            double cpuBefore = PlatformCpu.read(state).getOrDefault("postgres", 0.0) + PlatformCpu.ownChildren();
            Process p = new ProcessBuilder("pgbench", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres", "-n",
                    "-c", String.valueOf(clients), "-j", "2", "-T", String.valueOf(seconds), "-f", script.toString(), "bench")
                    .redirectErrorStream(true).start();
            String out;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                out = String.join("\n", reader.lines().toList());
            }
            if (p.waitFor() != 0) {
                throw new IllegalStateException("pgbench failed:\n" + out);
            }
            double cpu = PlatformCpu.read(state).getOrDefault("postgres", 0.0) + PlatformCpu.ownChildren() - cpuBefore;
            Matcher m = Pattern.compile("tps = ([0-9.]+)").matcher(out);
            double value = m.find() ? Double.parseDouble(m.group(1)) : 0;
            Matcher n = Pattern.compile("number of transactions actually processed: ([0-9]+)").matcher(out);
            long orders = n.find() ? Long.parseLong(n.group(1)) : 0;
            double perOrder = orders == 0 ? 0 : 1000 * cpu / orders;
            System.out.printf("pgbench run %d: %.0f orders' worth of writes per second (%d clients), CPU %.2f ms per order "
                    + "(PostgreSQL and pgbench)%n", run, value, clients, perOrder);
            tps.add(value);
            cpuPerOrder.add(perOrder);
        }
        Files.deleteIfExists(script);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("clients", clients);
        summary.put("seconds", seconds);
        summary.put("tps_runs", tps);
        summary.put("median_order_writes_per_s", Samples.round(Results.median(tps)));
        summary.put("cpu_ms_per_order_runs", cpuPerOrder);
        summary.put("median_cpu_ms_per_order", Samples.round(Results.median(cpuPerOrder)));
        System.out.printf("MEDIAN pgbench: %.0f orders' worth of writes per second, CPU %.2f ms per order%n", Results.median(tps),
                Results.median(cpuPerOrder));
        Results.write(results, "pgbench-order-writes", summary, null, null);
    }
}
