package io.rotender.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The menu-read benchmark (bench/menu-reads): {@code GET /venues/{id}} against the baseline endpoint of the
 * same service that serves the same bytes from memory, both at saturation with wrk, alternating in the same
 * run; then the real endpoint at a fixed 1,000 requests/s (open model) for its latency percentiles. Several
 * runs; prints the median throughput ratio.
 * <p>
 * Usage: {@code MenuBench <partner-key-file> <menu-url> <venue> <seconds> <runs> <results-dir> <wrk-connections> <fixed-rate>}
 */
public final class MenuBench {

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PCT = Pattern.compile("^\\s+(50|75|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);

    private MenuBench() {
    }

    private static final int WARM_UP_SECONDS = 10;

    public static void main(String[] args) throws Exception {
        String key = Files.readString(Path.of(args[0])).strip();
        String menu = args[1];
        String venue = args[2];
        int seconds = Integer.parseInt(args[3]);
        int runs = Integer.parseInt(args[4]);
        Path results = Path.of(args[5]);
        int connections = Integer.parseInt(args[6]);
        int rate = Integer.parseInt(args[7]);
        String real = menu + "/venues/" + venue;
        String baseline = menu + "/bench/baseline/venues/" + venue;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String a = http.send(HttpRequest.newBuilder(URI.create(real)).header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String b = http.send(HttpRequest.newBuilder(URI.create(baseline)).build(), HttpResponse.BodyHandlers.ofString()).body();
        if (!a.equals(b)) {
            throw new IllegalStateException("the baseline does not serve the same bytes as the menu:\n" + a + "\n" + b);
        }
        System.out.printf("menu of %s: %d bytes, baseline identical%n", venue, a.getBytes(StandardCharsets.UTF_8).length);
        // unmeasured warm-up of both paths and of this client's own fixed-rate loop: the first measured run
        // was otherwise several times worse than the rest (JIT), which is not what a running service shows
        wrk(baseline, null, WARM_UP_SECONDS, connections);
        wrk(real, key, WARM_UP_SECONDS, connections);
        fixedRate(http, real, key, rate, WARM_UP_SECONDS);
        System.out.printf("warm-up done (%d s of each load, unmeasured)%n", WARM_UP_SECONDS);
        List<Map<String, Object>> all = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> p99s = new ArrayList<>();
        List<Double> baselineP99s = new ArrayList<>();
        Samples lastFixed = null;
        for (int run = 1; run <= runs; run++) {
            Map<String, Object> menuFigures = wrk(real, key, seconds, connections);
            Map<String, Object> baseFigures = wrk(baseline, null, seconds, connections);
            double ratio = (double) menuFigures.get("requests_per_s") / (double) baseFigures.get("requests_per_s");
            Samples fixed = fixedRate(http, real, key, rate, seconds);
            Map<String, Object> fixedFigures = fixed.summary(seconds);
            // the same open-model load on the baseline: what this client, machine and HTTP layer give anyway
            Map<String, Object> fixedBaseline = fixedRate(http, baseline, key, rate, seconds).summary(seconds);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("run", run);
            figures.put("menu_saturation_wrk", menuFigures);
            figures.put("baseline_saturation_wrk", baseFigures);
            figures.put("throughput_ratio", Samples.round(ratio));
            figures.put("menu_at_" + rate + "_per_s", fixedFigures);
            figures.put("baseline_at_" + rate + "_per_s", fixedBaseline);
            System.out.println(Results.MAPPER.writeValueAsString(figures).replaceAll("\\s+", " "));
            all.add(figures);
            ratios.add(ratio);
            p99s.add(((Number) fixedFigures.get("p99_ms")).doubleValue());
            baselineP99s.add(((Number) fixedBaseline.get("p99_ms")).doubleValue());
            lastFixed = fixed;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("runs", all);
        summary.put("median_throughput_ratio", Samples.round(Results.median(ratios)));
        summary.put("median_p99_ms_at_" + rate + "_per_s", Samples.round(Results.median(p99s)));
        summary.put("median_baseline_p99_ms_at_" + rate + "_per_s", Samples.round(Results.median(baselineP99s)));
        System.out.printf("MEDIAN over %d runs: menu/baseline throughput %.2f; p99 at %d requests/s %.2f ms (baseline %.2f ms)%n",
                runs, Results.median(ratios), rate, Results.median(p99s), Results.median(baselineP99s));
        Results.write(results, "menu-reads", summary, lastFixed == null ? null : List.of(lastFixed),
                "GET /venues/" + venue + " at " + rate + " requests/s");
    }

    static Map<String, Object> wrk(String url, String key, int seconds, int connections) throws Exception {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency"));
        if (key != null) {
            command.addAll(List.of("-H", "Authorization: Bearer " + key));
        }
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            out = String.join("\n", reader.lines().toList());
        }
        process.waitFor();
        Map<String, Object> figures = new LinkedHashMap<>();
        Matcher rps = RPS.matcher(out);
        figures.put("requests_per_s", rps.find() ? Double.parseDouble(rps.group(1)) : 0.0);
        Matcher pct = PCT.matcher(out);
        while (pct.find()) {
            double value = Double.parseDouble(pct.group(2));
            double ms = switch (pct.group(3)) {
                case "us" -> value / 1000;
                case "s" -> value * 1000;
                default -> value;
            };
            figures.put("p" + pct.group(1) + "_ms", Samples.round(ms));
        }
        int errors = 0;
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)").matcher(out);
        if (non2xx.find()) {
            errors = Integer.parseInt(non2xx.group(1));
        }
        figures.put("non_2xx", errors);
        return figures;
    }

    /** An open-model load: one request every 1/rate s whatever the answers, each latency from its scheduled send. */
    static Samples fixedRate(HttpClient http, String url, String key, int rate, int seconds) throws Exception {
        Samples samples = new Samples("GET menu at " + rate + "/s");
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<?>> pending = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        FixedRate.run(rate, seconds, (i, due) -> pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((r, e) -> { // a timeout is an error of the run, counted, not the end of the benchmark
                    long t1 = System.nanoTime();
                    if (e == null && r.statusCode() == 200) {
                        samples.ok(t1 - start, t1 - due);
                    } else {
                        samples.error(t1 - start);
                    }
                    return null;
                })));
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        return samples;
    }
}
