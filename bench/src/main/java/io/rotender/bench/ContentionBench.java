package io.rotender.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.rotender.systemtests.client.PlatformClient;
import io.rotender.systemtests.probe.Database;
import io.rotender.systemtests.probe.Ledger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contention benchmark (bench/contention): N buyers order the same drink at the same moment while the
 * venue's only unit holds stock for K. Measures the time until every order has settled (confirmed or
 * rejected, 202s followed until they settle) and checks that exactly K were sold, in the answers and in
 * inventory's reservations. Each run first releases the last run's orders and sets the stock back to K.
 * <p>
 * Usage: {@code ContentionBench <admin-token-file> <partner-key-file> <buyers> <stock> <runs> <results-dir>
 * <jdbc-url-of-inventory> <order-url> <inventory-url> <local-run-state-dir>}
 * <p>
 * Beside each run's settle time it prints the CPU seconds every platform process used from the burst until the last
 * order settled ({@link PlatformCpu}), per process and per buyer: the median over the runs goes in the summary.
 */
public final class ContentionBench {

    static final String VENUE = "bench-contention";
    static final String UNIT = "bench-contention-unit";
    static final String DRINK = "last-call";
    static final String INGREDIENT = "tonic";
    static final int ML = 10;

    private ContentionBench() {
    }

    public static void main(String[] args) throws Exception {
        PlatformClient platform = new PlatformClient(Files.readString(Path.of(args[0])).strip());
        String key = Files.readString(Path.of(args[1])).strip();
        int buyers = Integer.parseInt(args[2]);
        int stock = Integer.parseInt(args[3]);
        int runs = Integer.parseInt(args[4]);
        Path results = Path.of(args[5]);
        String jdbc = args[6];
        String orders = args[7];
        String inventory = args[8];
        Path state = Path.of(args[9]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        List<Double> settleTimes = new ArrayList<>();
        List<Double> cpuPerBuyer = new ArrayList<>();
        List<Map<String, Object>> all = new ArrayList<>();
        List<String> previous = new ArrayList<>();
        boolean allExact = true;
        Samples lastAnswers = null;
        // run 0 warms the JITs up with the same load: checked like the others, left out of the medians (the first
        // run after start-up took 2-4 times as long as the next ones)
        for (int run = 0; run <= runs; run++) {
            reset(platform, key, orders, inventory, previous, stock);
            Map<String, CompletableFuture<HttpResponse<String>>> answers = new ConcurrentHashMap<>();
            Samples answered = new Samples("first answer to each buyer");
            Map<String, Double> cpuBefore = PlatformCpu.read(state);
            long start = System.nanoTime();
            for (int b = 0; b < buyers; b++) {
                String body = "{\"customer\":{\"first_name\":\"Buyer\",\"last_name\":\"" + b + "\"},\"items\":[{\"drink_id\":\"" + DRINK
                        + "\",\"quantity\":1}],\"payment\":{\"status\":\"paid\"}}";
                answers.put("b" + b, http.sendAsync(HttpRequest.newBuilder(URI.create(orders + "/venues/" + VENUE + "/orders"))
                        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((r, e) -> {
                            long now = System.nanoTime();
                            answered.ok(now - start, now - start);
                        }));
            }
            int confirmed = 0;
            int rejected = 0;
            int other = 0;
            List<String> sold = new ArrayList<>();
            Map<String, String> pending = new LinkedHashMap<>(); // 202: followed until settled, all at once
            for (CompletableFuture<HttpResponse<String>> f : answers.values()) {
                HttpResponse<String> r = f.join();
                JsonNode body = OrderDriver.MAPPER.readTree(r.body());
                if (r.statusCode() == 202) {
                    pending.put(body.path("id").asText(), "pending");
                } else if (r.statusCode() == 409 && body.path("type").asText().endsWith("/out-of-stock")) {
                    rejected++;
                } else if (r.statusCode() == 201 && "confirmed".equals(body.path("status").asText())) {
                    confirmed++;
                    sold.add(body.path("id").asText());
                } else {
                    other++;
                }
            }
            int followed = pending.size();
            for (int round = 0; round < 240 && pending.containsValue("pending"); round++) {
                Thread.sleep(250); // a partner app polls the Location of a 202
                Map<String, CompletableFuture<HttpResponse<String>>> polls = new LinkedHashMap<>();
                pending.forEach((id, status) -> {
                    if ("pending".equals(status)) {
                        polls.put(id, http.sendAsync(HttpRequest.newBuilder(URI.create(orders + "/venues/" + VENUE + "/orders/" + id))
                                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString()));
                    }
                });
                for (var poll : polls.entrySet()) {
                    pending.put(poll.getKey(), OrderDriver.MAPPER.readTree(poll.getValue().join().body()).path("status").asText());
                }
            }
            for (var p : pending.entrySet()) {
                switch (p.getValue()) {
                    case "confirmed" -> {
                        confirmed++;
                        sold.add(p.getKey());
                    }
                    case "rejected" -> rejected++;
                    default -> other++;
                }
            }
            double settled = (System.nanoTime() - start) / 1e9;
            Map<String, Double> cpu = PlatformCpu.between(cpuBefore, PlatformCpu.read(state));
            long reservedMl = reservedMl(jdbc);
            int ledger = ledgerMismatches(jdbc);
            boolean exact = confirmed == stock && reservedMl == (long) stock * ML && other == 0 && ledger == 0;
            allExact &= exact;
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("run", run == 0 ? "warm-up, not in the medians" : run);
            figures.put("buyers", buyers);
            figures.put("stock", stock);
            figures.put("settle_seconds", Samples.round(settled));
            figures.put("confirmed", confirmed);
            figures.put("rejected_out_of_stock", rejected);
            figures.put("other_answers", other);
            figures.put("answered_202_then_followed", followed);
            figures.put("reserved_ml_in_inventory", reservedMl);
            figures.put("slots_whose_ledger_disagrees", ledger);
            figures.put("exactly_stock_sold", exact);
            Map<String, Object> seconds = new LinkedHashMap<>();
            cpu.forEach((part, sec) -> seconds.put(part, Samples.round(sec)));
            figures.put("cpu_seconds", seconds);
            figures.put("cpu_ms_per_buyer", PlatformCpu.perUnit(cpu, buyers));
            System.out.println(Results.MAPPER.writeValueAsString(figures).replaceAll("\\s+", " "));
            figures.put("first_answers", answered.summary(settled));
            if (run > 0) {
                settleTimes.add(settled);
                cpuPerBuyer.add(1000 * cpu.get("total") / buyers);
                all.add(figures);
            }
            previous = sold;
            lastAnswers = answered;
        }
        reset(platform, key, orders, inventory, previous, stock);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("runs", all);
        summary.put("median_settle_seconds", Samples.round(Results.median(settleTimes)));
        summary.put("median_cpu_ms_per_buyer", Samples.round(Results.median(cpuPerBuyer)));
        summary.put("exactly_stock_sold_every_run", allExact);
        System.out.printf("MEDIAN settle time of %d buyers for stock %d over %d runs: %.2f s, platform CPU %.1f ms per buyer; exactly %d sold every run: %b%n",
                buyers, stock, runs, Results.median(settleTimes), Results.median(cpuPerBuyer), stock, allExact);
        Results.write(results, "contention-" + buyers + "-for-" + stock, summary, lastAnswers == null ? null : List.of(lastAnswers),
                buyers + " buyers for stock of " + stock + ": when each got its first answer (last run)");
        if (!allExact) {
            System.exit(1);
        }
    }

    /** Cancels the last run's orders (their stock comes back) and sets the unit's level to {@code stock} drinks. */
    private static void reset(PlatformClient platform, String key, String orders, String inventory, List<String> previous,
                              int stock) throws Exception {
        for (String id : previous) {
            platform.call("PUT", orders + "/venues/" + VENUE + "/orders/" + id, Map.of("status", "cancelled"), key);
        }
        Thread.sleep(2000); // releases travel over Kafka to inventory
        platform.expect("POST", inventory + "/admin/units/" + UNIT + "/corrections",
                Map.of("ingredientId", INGREDIENT, "levelMl", stock * ML, "reason", "contention benchmark"), 200);
        Thread.sleep(1500); // availability reaches order-service's and menu's projections
    }

    private static long reservedMl(String jdbc) throws Exception {
        try (Connection c = Database.connect(jdbc)) {
            List<List<Object>> rows = Database.rows(c, "SELECT reserved_ml FROM slot WHERE unit_id = ? AND ingredient_id = ?", UNIT, INGREDIENT);
            return rows.isEmpty() ? -1 : ((Number) rows.get(0).get(0)).longValue();
        }
    }

    /** The contention venue's slots whose ledger does not add up (none, when the books are right). */
    private static int ledgerMismatches(String jdbc) throws Exception {
        try (Connection c = Database.connect(jdbc)) {
            return Database.rows(c, Ledger.MOVEMENTS_DISAGREE, VENUE, VENUE).size() + Database.rows(c, Ledger.RESERVATIONS_DISAGREE, VENUE, VENUE).size();
        }
    }
}
