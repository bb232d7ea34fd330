package io.rotender.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The order-flow benchmark (bench/order-flow): paid orders at a fixed rate (open model: an order every 1/rate s
 * whatever the answers, each timed from its scheduled send, see {@link FixedRate}), at saturation (a fixed number
 * of buyers, each placing its next order as soon as the code of its last one was answered; the pours run on
 * meanwhile), or along a latency curve (fixed rates one after the other, up to the knee and past it). Prints
 * throughput and p50/p95/p99/max of POST-to-201, code-to-Pour and end-to-end, the 202 answers, and the CPU every
 * platform process used per order poured ({@link PlatformCpu}); the median over the runs; JSON and a PNG per run.
 * <p>
 * Usage: {@code OrderFlowBench <partner-key-file> <rate|max|curve> <orders-per-s|buyers|rates,...> <seconds> <runs>
 * <venue> <drink> <results-dir> <kafka> <order-url>[,<order-url>] [<local-state-dir>]}
 */
public final class OrderFlowBench {

    /** The curve's latency bound: the knee is the highest rate whose p99 POST-to-201 stays under it. */
    static final double KNEE_P99_MS = 150;
    /** Past this p99 the platform is saturated: higher rates of the curve are not run. */
    static final double SATURATED_P99_MS = 5000;

    private OrderFlowBench() {
    }

    public static void main(String[] args) throws Exception {
        String key = Files.readString(Path.of(args[0])).strip();
        String mode = args[1];
        String value = args[2];
        int seconds = Integer.parseInt(args[3]);
        int runs = Integer.parseInt(args[4]);
        String venue = args[5];
        String drink = args[6];
        Path results = Path.of(args[7]);
        String kafka = args[8];
        String[] urls = args[9].split(",");
        Path state = Path.of(args.length > 10 ? args[10] : ".local").toAbsolutePath();
        Load load = new Load(key, urls, venue, drink, state);
        try (UnitTraffic units = new UnitTraffic(kafka);
             WebhookSink webhooks = WebhookSink.fromEnv(state, System.getenv().getOrDefault("BENCH_PARTNER", "bench-app"))) {
            int warmUp = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP_SECONDS", "40"));
            if (mode.equals("curve")) {
                curve(load, units, value, seconds, runs, warmUp, results);
            } else {
                if (warmUp > 0) {
                    warmUp(load, units, mode, Double.parseDouble(value), warmUp);
                }
                if (webhooks != null) {
                    webhooks.reset();
                }
                measureRuns(load, units, mode, Double.parseDouble(value), seconds, runs, results, true);
            }
            List<String> doubles = units.doublePourDecisions();
            if (!doubles.isEmpty()) {
                System.out.println("WARNING: orders with two different Pour decisions: " + doubles);
            }
        }
    }

    record Load(String key, String[] urls, String venue, String drink, Path state) {
    }

    /**
     * The same load as measured, unmeasured: with every process sharing two cores the JITs take tens of seconds of
     * real traffic to compile the hot paths (a shorter or lighter warm-up left the first measured run at half the
     * throughput of the third).
     */
    private static void warmUp(Load load, UnitTraffic units, String mode, double value, int seconds) throws Exception {
        System.out.printf("warm-up: %d s of %s %s, not measured%n", seconds, mode, value);
        OrderDriver warm = new OrderDriver(load.urls(), load.key(), units);
        List<CompletableFuture<OrderDriver.Outcome>> warming = mode.equals("max")
                ? saturate(warm, (int) value, seconds, load) : fixedRate(warm, value, seconds, load);
        settle(warming, 180);
    }

    /** {@code runs} measured runs of one load; prints each and the median; returns the median. */
    private static Map<String, Object> measureRuns(Load load, UnitTraffic units, String mode, double value, int seconds, int runs,
                                                   Path results, boolean write) throws Exception {
        List<Map<String, Object>> all = new ArrayList<>();
        String label = mode.equals("max") ? "saturation, " + (int) value + " buyers" : "fixed rate " + fmt(value) + " orders/s";
        for (int run = 1; run <= runs; run++) {
            OrderDriver driver = new OrderDriver(load.urls(), load.key(), units);
            Map<String, Double> cpuBefore = PlatformCpu.read(load.state());
            long windowStart = System.nanoTime();
            List<CompletableFuture<OrderDriver.Outcome>> outcomes = mode.equals("max")
                    ? saturate(driver, (int) value, seconds, load) : fixedRate(driver, value, seconds, load);
            settle(outcomes, 90);
            Map<String, Double> cpu = PlatformCpu.between(cpuBefore, PlatformCpu.read(load.state()));
            double window = (System.nanoTime() - windowStart) / 1e9; // the load and the settling of its last orders
            long poured = outcomes.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally())
                    .map(CompletableFuture::join).filter(o -> "Poured".equals(o.finalState())).count();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("mode", label);
            figures.put("seconds", seconds);
            figures.put("run", run);
            figures.put("orders_sent", outcomes.size());
            figures.put("orders_accepted", driver.accepted.size());
            figures.put("answered_202", driver.pending.get());
            figures.put("failures", driver.failures.get());
            figures.put("poured", poured);
            figures.put("post_to_201", driver.post.summary(seconds));
            figures.put("code_to_pour", driver.codeToPour.summary(seconds));
            figures.put("end_to_end", driver.endToEnd.summary(seconds));
            figures.put("cpu_ms_per_order", PlatformCpu.perUnit(cpu, poured));
            figures.put("cpu_window_seconds", Samples.round(window));
            figures.put("cpu_cores_busy", Samples.round(cpu.get("total") / window));
            print(figures);
            all.add(figures);
            if (write) {
                Results.write(results, "order-flow-" + mode + "-" + fmt(value), figures,
                        List.of(driver.post, driver.codeToPour, driver.endToEnd), "order flow, " + label + ", run " + run);
            }
        }
        Map<String, Object> median = new LinkedHashMap<>();
        for (String stage : List.of("post_to_201", "code_to_pour", "end_to_end")) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String figure : List.of("throughput_per_s", "p50_ms", "p95_ms", "p99_ms", "max_ms")) {
                m.put(figure, Samples.round(Results.median(all.stream().map(f -> number(f, stage, figure)).toList())));
            }
            median.put(stage, m);
        }
        median.put("cpu_ms_per_order", Samples.round(Results.median(all.stream().map(f -> number(f, "cpu_ms_per_order", "total_ms")).toList())));
        median.put("jit_compilers_ms_per_order", Samples.round(Results.median(all.stream()
                .map(f -> number(f, "cpu_ms_per_order", PlatformCpu.JIT + "_ms")).toList())));
        median.put("answered_202_total", all.stream().mapToInt(f -> ((Number) f.get("answered_202")).intValue()).sum());
        median.put("errors_total", all.stream().mapToInt(f -> ((Number) ((Map<?, ?>) f.get("post_to_201")).get("errors")).intValue()
                - ((Number) f.get("answered_202")).intValue() + ((Number) f.get("failures")).intValue()).sum());
        System.out.println("MEDIAN over " + runs + " runs (" + label + "): " + Results.MAPPER.writeValueAsString(median)
                .replaceAll("\\s+", " "));
        if (write) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("mode", mode);
            summary.put("value", value);
            summary.put("runs", all);
            summary.put("median", median);
            Results.write(results, "order-flow-" + mode + "-" + fmt(value) + "-median", summary, null, null);
        }
        return median;
    }

    /**
     * Fixed rates in ascending order, each measured {@code runs} times: p50/p99 of POST-to-201 and code-to-Pour and
     * the CPU per order at each, and the knee (the highest rate, before the first that misses it, whose p99
     * POST-to-201 stays under {@value #KNEE_P99_MS} ms with no 202). Rates past saturation are not run.
     */
    private static void curve(Load load, UnitTraffic units, String rates, int seconds, int runs, int warmUp, Path results) throws Exception {
        List<Double> list = java.util.Arrays.stream(rates.split(",")).map(Double::parseDouble).sorted().toList();
        if (warmUp > 0) {
            warmUp(load, units, "rate", Math.min(50, list.get(list.size() - 1)), warmUp);
        }
        List<Map<String, Object>> points = new ArrayList<>();
        Double knee = null;
        boolean kneeFound = false;
        for (double rate : list) {
            Map<String, Object> median = measureRuns(load, units, "rate", rate, seconds, runs, results, false);
            double p99 = number(median, "post_to_201", "p99_ms");
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("rate", rate);
            point.put("post_to_201_p50_ms", number(median, "post_to_201", "p50_ms"));
            point.put("post_to_201_p99_ms", p99);
            point.put("code_to_pour_p50_ms", number(median, "code_to_pour", "p50_ms"));
            point.put("code_to_pour_p99_ms", number(median, "code_to_pour", "p99_ms"));
            point.put("poured_per_s", number(median, "end_to_end", "throughput_per_s"));
            point.put("answered_202", median.get("answered_202_total"));
            point.put("cpu_ms_per_order", median.get("cpu_ms_per_order"));
            points.add(point);
            boolean within = p99 < KNEE_P99_MS && ((Number) median.get("answered_202_total")).intValue() == 0;
            if (within && !kneeFound) {
                knee = rate;
            } else {
                kneeFound = true;
            }
            if (p99 > SATURATED_P99_MS) {
                System.out.printf("p99 POST-to-201 %.0f ms at %s orders/s: saturated, higher rates not run%n", p99, fmt(rate));
                break;
            }
        }
        System.out.println("CURVE (median of " + runs + " run(s) per rate, " + seconds + " s each):");
        System.out.println("  rate/s  POST-201 p50  p99 ms   code-Pour p50  p99 ms   poured/s  202s  CPU ms/order");
        for (Map<String, Object> p : points) {
            System.out.printf("  %6s  %12.1f  %7.1f   %13.1f  %7.1f   %8.1f  %4s  %12s%n", fmt((Double) p.get("rate")),
                    p.get("post_to_201_p50_ms"), p.get("post_to_201_p99_ms"), p.get("code_to_pour_p50_ms"), p.get("code_to_pour_p99_ms"),
                    p.get("poured_per_s"), p.get("answered_202"), p.get("cpu_ms_per_order"));
        }
        System.out.println("KNEE: " + (knee == null ? "none (p99 POST-to-201 over " + (int) KNEE_P99_MS + " ms at the lowest rate)"
                : fmt(knee) + " orders/s (highest rate with p99 POST-to-201 < " + (int) KNEE_P99_MS + " ms and no 202)"));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("seconds_per_rate", seconds);
        summary.put("runs_per_rate", runs);
        summary.put("points", points);
        summary.put("knee_orders_per_s", knee);
        summary.put("knee_p99_ms", KNEE_P99_MS);
        Path json = Results.write(results, "order-flow-curve", summary, null, null);
        Plot.curve(Path.of(json.toString().replace(".json", ".png")), "latency curve: p50 thin, p99 thick; the knee bound "
                + (int) KNEE_P99_MS + " ms dashed", points);
    }

    private static void settle(List<CompletableFuture<OrderDriver.Outcome>> outcomes, int seconds) throws Exception {
        try {
            CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            System.out.printf("some outcomes not in after %d s: counted as not poured%n", seconds);
        }
    }

    private static List<CompletableFuture<OrderDriver.Outcome>> fixedRate(OrderDriver driver, double perSecond, int seconds, Load load) {
        List<CompletableFuture<OrderDriver.Outcome>> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        FixedRate.run(perSecond, seconds, (i, due) -> outcomes.add(driver.order((int) i, load.venue(), load.drink(), null,
                new CompletableFuture<>(), due)));
        return new ArrayList<>(outcomes);
    }

    private static List<CompletableFuture<OrderDriver.Outcome>> saturate(OrderDriver driver, int buyers, int seconds, Load load)
            throws Exception {
        List<CompletableFuture<OrderDriver.Outcome>> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicInteger n = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int b = 0; b < buyers; b++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    CompletableFuture<Void> released = new CompletableFuture<>();
                    outcomes.add(driver.order(n.getAndIncrement(), load.venue(), load.drink(), null, released));
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

    private static double number(Map<String, Object> figures, String stage, String figure) {
        return ((Number) ((Map<?, ?>) figures.get(stage)).get(figure)).doubleValue();
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static void print(Map<String, Object> figures) throws Exception {
        System.out.println(Results.MAPPER.writeValueAsString(figures).replaceAll("\\s+", " "));
    }
}
