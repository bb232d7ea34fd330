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
 * The steady order load of the fault test (bench/faults): paid orders at a fixed rate on both order-service
 * replicas, mostly at the benchmark bar and some at the Restaumatic and PORTOS demo venues, each driven to
 * its pour with retries through outages (the same partner_order_id, so a retried POST is one order).
 * Writes what it saw to a JSON file for the fault checker (system-tests FaultInvariantsIT): every order the platform accepted, its outcome,
 * and the errors and retries per second.
 * <p>
 * Usage: {@code FaultLoad <partner-key-file> <orders-per-s> <seconds> <out.json> <kafka> <order-url>,<order-url>}
 */
public final class FaultLoad {

    /** How long after the last order was sent the client waits, at most, for all outcomes together. */
    private static final long OUTCOME_WAIT_SECONDS = 240;

    private FaultLoad() {
    }

    public static void main(String[] args) throws Exception {
        String key = Files.readString(Path.of(args[0])).strip();
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        try (UnitTraffic units = new UnitTraffic(args[4])) {
            OrderDriver driver = new OrderDriver(args[5].split(","), key, units, true);
            List<CompletableFuture<OrderDriver.Outcome>> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger n = new AtomicInteger();
            long total = (long) rate * seconds;
            scheduler.scheduleAtFixedRate(() -> {
                int i = n.getAndIncrement();
                if (i < total) {
                    String venue = i % 10 == 3 ? "demo-restaumatic" : i % 10 == 7 ? "demo-portos" : "bench-bar";
                    String drink = venue.equals("bench-bar") ? "bench-shot" : "gin-tonic";
                    outcomes.add(driver.order(i, venue, drink, null));
                }
            }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
            for (int s = 0; s < seconds; s++) {
                Thread.sleep(1000);
                if (s % 10 == 9) {
                    System.out.printf("load: %d s, %d orders sent, %d accepted, %d retries so far%n", s + 1, n.get(),
                            driver.accepted.size(), driver.retries.get());
                }
            }
            scheduler.shutdownNow();
            System.out.println("load: done sending; waiting for every accepted order's outcome");
            // one deadline for all of them: the client's view is written either way, and the fault checker (which reads
            // the databases) is what decides whether an order the client saw no outcome for is stuck
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(OUTCOME_WAIT_SECONDS);
            List<OrderDriver.Outcome> done = new ArrayList<>();
            for (CompletableFuture<OrderDriver.Outcome> f : new ArrayList<>(outcomes)) {
                try {
                    done.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (Exception e) {
                    done.add(new OrderDriver.Outcome(null, 0, "no outcome: " + e.getClass().getSimpleName()));
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("orders_sent", outcomes.size());
            result.put("accepted", driver.accepted);
            Map<String, String> finals = new LinkedHashMap<>();
            Map<String, Integer> byOutcome = new LinkedHashMap<>();
            for (OrderDriver.Outcome o : done) {
                if (o.orderId() != null) {
                    finals.put(o.orderId(), o.finalState());
                }
                byOutcome.merge(o.finalState().replaceAll(":.*", ""), 1, Integer::sum);
            }
            result.put("outcomes_seen_by_the_client", byOutcome);
            result.put("outcome", finals);
            result.put("retries", driver.retries.get());
            result.put("client_failures", driver.failures.get());
            result.put("double_pour_decisions", units.doublePourDecisions());
            result.put("post_to_201", driver.post.summary(seconds));
            result.put("code_to_pour", driver.codeToPour.summary(seconds));
            result.put("end_to_end", driver.endToEnd.summary(seconds));
            Results.MAPPER.writeValue(out.toFile(), result);
            Plot.write(Path.of(out.toString().replace(".json", ".png")), "orders through the faults", List.of(driver.post, driver.codeToPour));
            System.out.printf("load: %d orders sent, %d accepted, outcomes %s, %d retries%n", outcomes.size(), driver.accepted.size(),
                    byOutcome, driver.retries.get());
        }
    }
}
