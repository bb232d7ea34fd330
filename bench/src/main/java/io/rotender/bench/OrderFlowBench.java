package io.rotender.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The order-flow benchmark (bench/order-flow): paid orders at a fixed rate (open model: an order every
 * 1/rate s whatever the answers) or at saturation (a fixed number of buyers, each placing its next order
 * as soon as the code of its last one was answered; the pours run on meanwhile), over several runs. Prints throughput
 * and p50/p95/p99/max of POST-to-201, code-to-Pour and end-to-end, the median over the runs, and writes
 * JSON and a PNG per run.
 * <p>
 * Usage: {@code OrderFlowBench <partner-key-file> <rate|max> <orders-per-s|buyers> <seconds> <runs> <venue> <drink>
 * <results-dir> <kafka> <order-url>[,<order-url>]}
 */
public final class OrderFlowBench {

    private OrderFlowBench() {
    }

    public static void main(String[] args) throws Exception {
        String key = Files.readString(Path.of(args[0])).strip();
        String mode = args[1];
        int value = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int runs = Integer.parseInt(args[4]);
        String venue = args[5];
        String drink = args[6];
        Path results = Path.of(args[7]);
        String kafka = args[8];
        String[] urls = args[9].split(",");
        List<Map<String, Object>> all = new ArrayList<>();
        try (UnitTraffic units = new UnitTraffic(kafka)) {
            int warmUp = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP_SECONDS", "40"));
            if (warmUp > 0) {
                // the same load as measured, unmeasured: with every process sharing two cores the JITs take tens
                // of seconds of real traffic to compile the hot paths (a shorter or lighter warm-up left the
                // first measured run at half the throughput of the third)
                System.out.printf("warm-up: %d s of the measured load, not measured%n", warmUp);
                OrderDriver warm = new OrderDriver(urls, key, units);
                List<CompletableFuture<OrderDriver.Outcome>> warming = mode.equals("rate")
                        ? fixedRate(warm, value, warmUp, venue, drink) : saturate(warm, value, warmUp, venue, drink);
                CompletableFuture.allOf(warming.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
            }
            for (int run = 1; run <= runs; run++) {
                OrderDriver driver = new OrderDriver(urls, key, units);
                List<CompletableFuture<OrderDriver.Outcome>> outcomes = mode.equals("rate")
                        ? fixedRate(driver, value, seconds, venue, drink) : saturate(driver, value, seconds, venue, drink);
                CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("mode", mode.equals("rate") ? "fixed rate " + value + " orders/s" : "saturation, " + value + " buyers");
                figures.put("seconds", seconds);
                figures.put("run", run);
                figures.put("orders_sent", outcomes.size());
                figures.put("orders_accepted", driver.accepted.size());
                figures.put("failures", driver.failures.get());
                figures.put("post_to_201", driver.post.summary(seconds));
                figures.put("code_to_pour", driver.codeToPour.summary(seconds));
                figures.put("end_to_end", driver.endToEnd.summary(seconds));
                long poured = outcomes.stream().map(CompletableFuture::join).filter(o -> "Poured".equals(o.finalState())).count();
                figures.put("poured", poured);
                print(figures);
                all.add(figures);
                Results.write(results, "order-flow-" + mode + "-" + value, figures, List.of(driver.post, driver.codeToPour, driver.endToEnd),
                        "order flow, " + figures.get("mode") + ", run " + run);
            }
            List<String> doubles = units.doublePourDecisions();
            if (!doubles.isEmpty()) {
                System.out.println("WARNING: orders with two different Pour decisions: " + doubles);
            }
        }
        Map<String, Object> median = new LinkedHashMap<>();
        for (String stage : List.of("post_to_201", "code_to_pour", "end_to_end")) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String figure : List.of("throughput_per_s", "p50_ms", "p95_ms", "p99_ms", "max_ms")) {
                List<Double> values = all.stream().map(f -> ((Number) ((Map<?, ?>) f.get(stage)).get(figure)).doubleValue()).toList();
                m.put(figure, Samples.round(Results.median(values)));
            }
            median.put(stage, m);
        }
        median.put("errors_total", all.stream().mapToInt(f -> ((Number) ((Map<?, ?>) f.get("post_to_201")).get("errors")).intValue()
                + ((Number) f.get("failures")).intValue()).sum());
        System.out.println("MEDIAN over " + runs + " runs (" + mode + " " + value + "): " + Results.MAPPER.writeValueAsString(median)
                .replaceAll("\\s+", " "));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("mode", mode);
        summary.put("value", value);
        summary.put("runs", all);
        summary.put("median", median);
        Results.write(results, "order-flow-" + mode + "-" + value + "-median", summary, null, null);
    }

    private static List<CompletableFuture<OrderDriver.Outcome>> fixedRate(OrderDriver driver, int perSecond, int seconds,
                                                                         String venue, String drink) throws Exception {
        List<CompletableFuture<OrderDriver.Outcome>> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger n = new AtomicInteger();
        long total = (long) perSecond * seconds;
        scheduler.scheduleAtFixedRate(() -> {
            if (n.get() < total) {
                outcomes.add(driver.order(n.getAndIncrement(), venue, drink, null));
            }
        }, 0, 1_000_000_000L / perSecond, TimeUnit.NANOSECONDS);
        Thread.sleep(seconds * 1000L + 200);
        scheduler.shutdownNow();
        return new ArrayList<>(outcomes);
    }

    private static List<CompletableFuture<OrderDriver.Outcome>> saturate(OrderDriver driver, int buyers, int seconds,
                                                                        String venue, String drink) throws Exception {
        List<CompletableFuture<OrderDriver.Outcome>> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicInteger n = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int b = 0; b < buyers; b++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    CompletableFuture<Void> released = new CompletableFuture<>();
                    outcomes.add(driver.order(n.getAndIncrement(), venue, drink, null, released));
                    try {
                        released.get(60, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        // counted by the driver
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return new ArrayList<>(outcomes);
    }

    private static void print(Map<String, Object> figures) throws Exception {
        System.out.println(Results.MAPPER.writeValueAsString(figures).replaceAll("\\s+", " "));
    }
}
