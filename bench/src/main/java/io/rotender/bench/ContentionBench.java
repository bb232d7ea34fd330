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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contention benchmark (bench/contention): N buyers order the same drink at the same moment while the
 * venue's only unit holds stock for K. Measures the time until every order has settled (confirmed or
 * rejected: the answer of a POST that settled it, else the {@code updated_at} of the settled order that a 202's
 * Location showed, on the same clock), when the last app heard its answer (a 202's Location looked at again after the
 * Retry-After of each answer, as a partner app does), and checks that exactly K were sold, in the answers and in
 * inventory's reservations. Each run first releases the last run's orders and sets the stock back to K.
 * <p>
 * Usage: {@code ContentionBench <admin-token-file> <partner-key-file> <buyers> <stock> <runs> <results-dir>
 * <jdbc-url-of-inventory> <order-url> <inventory-url> <local-run-state-dir>}
 * <p>
 * Beside each run's settle time it prints the CPU seconds every platform process used from the burst until the last
 * app heard its answer ({@link PlatformCpu}), per process and per buyer: the median over the runs goes in the summary.
 * {@code BENCH_POLL_MS} looks at every 202's Location at that fixed interval instead of following Retry-After (the
 * benchmark polled every 250 ms before it followed Retry-After).
 */
public final class ContentionBench {

    static final String VENUE = "bench-contention";
    static final String UNIT = "bench-contention-unit";
    static final String DRINK = "last-call";
    static final String INGREDIENT = "tonic";
    static final int ML = 10;
    private static final Long POLL_MS = System.getenv("BENCH_POLL_MS") == null ? null : Long.valueOf(System.getenv("BENCH_POLL_MS"));

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
        List<Double> heardTimes = new ArrayList<>();
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
            Map<String, Long> arrived = new ConcurrentHashMap<>(); // buyer -> when its first answer came (nanoTime)
            Samples answered = new Samples("first answer to each buyer");
            Map<String, Double> cpuBefore = PlatformCpu.read(state);
            Instant startClock = Instant.now();
            long start = System.nanoTime();
            for (int b = 0; b < buyers; b++) {
                String buyer = "b" + b;
                String body = "{\"customer\":{\"first_name\":\"Buyer\",\"last_name\":\"" + b + "\"},\"items\":[{\"drink_id\":\"" + DRINK
                        + "\",\"quantity\":1}],\"payment\":{\"status\":\"paid\"}}";
                answers.put(buyer, http.sendAsync(HttpRequest.newBuilder(URI.create(orders + "/venues/" + VENUE + "/orders"))
                        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((r, e) -> {
                            long now = System.nanoTime();
                            arrived.put(buyer, now);
                            answered.ok(now - start, now - start);
                        }));
            }
            int confirmed = 0;
            int rejected = 0;
            int other = 0;
            List<String> sold = new ArrayList<>();
            long settledAtOnce = start; // the last answer that settled an order at its POST
            Map<String, Long> pending = new LinkedHashMap<>(); // 202: order id -> when to look again (nanoTime)
            for (var answer : answers.entrySet()) {
                HttpResponse<String> r = answer.getValue().join();
                JsonNode body = OrderDriver.MAPPER.readTree(r.body());
                long at = arrived.get(answer.getKey());
                if (r.statusCode() == 202) {
                    pending.put(body.path("id").asText(), at + retryAfterNanos(r));
                    continue;
                }
                settledAtOnce = Math.max(settledAtOnce, at);
                if (r.statusCode() == 409 && body.path("type").asText().endsWith("/out-of-stock")) {
                    rejected++;
                } else if (r.statusCode() == 201 && "confirmed".equals(body.path("status").asText())) {
                    confirmed++;
                    sold.add(body.path("id").asText());
                } else {
                    other++;
                }
            }
            int followed = pending.size();
            int polls = 0;
            // a partner app looks at the Location of a 202 again after the Retry-After of each answer (the POST's, then
            // each GET's while the order is pending); the order's updated_at tells when the platform settled it
            Instant lastSettledClock = startClock;
            long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!pending.isEmpty() && System.nanoTime() < giveUp) {
                long now = System.nanoTime();
                long next = pending.values().stream().mapToLong(Long::longValue).min().orElse(now);
                if (next > now) {
                    Thread.sleep(Math.max(1, (next - now) / 1_000_000));
                    continue;
                }
                Map<String, CompletableFuture<HttpResponse<String>>> due = new LinkedHashMap<>();
                pending.forEach((id, when) -> {
                    if (when <= now) {
                        due.put(id, http.sendAsync(HttpRequest.newBuilder(URI.create(orders + "/venues/" + VENUE + "/orders/" + id))
                                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString()));
                    }
                });
                polls += due.size();
                for (var poll : due.entrySet()) {
                    HttpResponse<String> r = poll.getValue().join();
                    JsonNode order = OrderDriver.MAPPER.readTree(r.body());
                    String status = order.path("status").asText();
                    if ("pending".equals(status)) {
                        pending.put(poll.getKey(), System.nanoTime() + retryAfterNanos(r));
                        continue;
                    }
                    pending.remove(poll.getKey());
                    Instant updated = OffsetDateTime.parse(order.path("updated_at").asText()).toInstant();
                    lastSettledClock = updated.isAfter(lastSettledClock) ? updated : lastSettledClock;
                    switch (status) {
                        case "confirmed" -> {
                            confirmed++;
                            sold.add(poll.getKey());
                        }
                        case "rejected" -> rejected++;
                        default -> other++;
                    }
                }
            }
            other += pending.size();
            double heard = (System.nanoTime() - start) / 1e9;
            double settled = Math.max((settledAtOnce - start) / 1e9, Duration.between(startClock, lastSettledClock).toNanos() / 1e9);
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
            figures.put("last_answer_heard_seconds", Samples.round(heard));
            figures.put("polls_of_202_orders", polls);
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
            figures.put("first_answers", answered.summary(heard));
            if (run > 0) {
                settleTimes.add(settled);
                heardTimes.add(heard);
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
        summary.put("median_last_answer_heard_seconds", Samples.round(Results.median(heardTimes)));
        summary.put("median_cpu_ms_per_buyer", Samples.round(Results.median(cpuPerBuyer)));
        summary.put("exactly_stock_sold_every_run", allExact);
        System.out.printf("MEDIAN settle time of %d buyers for stock %d over %d runs: %.2f s (the last app heard at %.2f s), "
                        + "platform CPU %.1f ms per buyer; exactly %d sold every run: %b%n",
                buyers, stock, runs, Results.median(settleTimes), Results.median(heardTimes), Results.median(cpuPerBuyer), stock, allExact);
        Results.write(results, "contention-" + buyers + "-for-" + stock, summary, lastAnswers == null ? null : List.of(lastAnswers),
                buyers + " buyers for stock of " + stock + ": when each got its first answer (last run)");
        if (!allExact) {
            System.exit(1);
        }
    }

    /** When to look again after an answer: its Retry-After (seconds; one second when it has none), or BENCH_POLL_MS. */
    private static long retryAfterNanos(HttpResponse<String> answer) {
        if (POLL_MS != null) {
            return Duration.ofMillis(POLL_MS).toNanos();
        }
        return Duration.ofSeconds(answer.headers().firstValueAsLong("Retry-After").orElse(1)).toNanos();
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
