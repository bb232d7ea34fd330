package io.rotender.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a benchmark's JSON result (with the commit and machine) and its PNG plot under bench/results. */
final class Results {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Results() {
    }

    static Path write(Path dir, String name, Map<String, Object> figures, List<Samples> plotted, String title) throws Exception {
        Files.createDirectories(dir);
        String stamp = Instant.now().toString().replace(":", "").replaceAll("\\.\\d+", "");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", name);
        result.put("time", Instant.now().toString());
        result.put("commit", System.getenv().getOrDefault("BENCH_COMMIT", "unknown"));
        result.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.version"), "os", System.getProperty("os.name") + " " + System.getProperty("os.version")));
        result.putAll(figures);
        Path json = dir.resolve(name + "-" + stamp + ".json");
        MAPPER.writeValue(json.toFile(), result);
        if (plotted != null && !plotted.isEmpty()) {
            Plot.write(dir.resolve(name + "-" + stamp + ".png"), title, plotted);
        }
        System.out.println("results: " + json + (plotted != null && !plotted.isEmpty() ? " (and .png)" : ""));
        return json;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? 0 : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
