package io.rotender.bench;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Latency samples of one measured stage: when each happened (since the run's start) and how long it took. */
final class Samples {

    record Sample(long atNanos, long latencyNanos, boolean ok) {
    }

    final String name;
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());

    Samples(String name) {
        this.name = name;
    }

    void ok(long atNanos, long latencyNanos) {
        samples.add(new Sample(atNanos, latencyNanos, true));
    }

    void error(long atNanos) {
        samples.add(new Sample(atNanos, 0, false));
    }

    List<Sample> all() {
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    /** count, errors, throughput over {@code seconds}, p50/p95/p99/p99.9/max in milliseconds (an HdrHistogram, 3 digits). */
    Map<String, Object> summary(double seconds) {
        Histogram histogram = new Histogram(3);
        int errors = 0;
        for (Sample s : all()) {
            if (s.ok()) {
                histogram.recordValue(Math.max(0, s.latencyNanos()));
            } else {
                errors++;
            }
        }
        long count = histogram.getTotalCount();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", count);
        out.put("errors", errors);
        out.put("throughput_per_s", round(count / seconds));
        out.put("p50_ms", round(count == 0 ? 0 : histogram.getValueAtPercentile(50) / 1e6));
        out.put("p95_ms", round(count == 0 ? 0 : histogram.getValueAtPercentile(95) / 1e6));
        out.put("p99_ms", round(count == 0 ? 0 : histogram.getValueAtPercentile(99) / 1e6));
        out.put("p999_ms", round(count == 0 ? 0 : histogram.getValueAtPercentile(99.9) / 1e6));
        out.put("max_ms", round(count == 0 ? 0 : histogram.getMaxValue() / 1e6));
        return out;
    }

    static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** Per second of the run: [second, completed, p50 ms, p99 ms]. */
    List<double[]> perSecond() {
        Map<Long, List<Long>> buckets = new java.util.TreeMap<>();
        for (Sample s : all()) {
            if (s.ok()) {
                buckets.computeIfAbsent(s.atNanos() / 1_000_000_000L, k -> new ArrayList<>()).add(s.latencyNanos());
            }
        }
        List<double[]> out = new ArrayList<>();
        buckets.forEach((second, values) -> {
            Collections.sort(values);
            out.add(new double[]{second, values.size(), percentile(values, 50), percentile(values, 99)});
        });
        return out;
    }
}
