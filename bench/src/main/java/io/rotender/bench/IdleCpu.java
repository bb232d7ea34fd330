package io.rotender.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The platform's CPU at idle: every platform process's CPU time ({@link PlatformCpu}) over a window with no load,
 * printed as the share of one core and of the whole machine, and per part.
 *
 * <pre>IdleCpu &lt;local run state dir&gt; &lt;seconds&gt;</pre>
 */
public final class IdleCpu {

    private IdleCpu() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path state = Path.of(args[0]);
        int seconds = Integer.parseInt(args[1]);
        Map<String, Double> before = PlatformCpu.read(state);
        Thread.sleep(seconds * 1000L);
        Map<String, Double> used = PlatformCpu.between(before, PlatformCpu.read(state));
        int cores = Runtime.getRuntime().availableProcessors();
        double core = 100 * used.get("total") / seconds;
        String parts = used.entrySet().stream().filter(e -> !e.getKey().equals("total"))
                .map(e -> String.format("%s %.1f%%", e.getKey(), 100 * e.getValue() / seconds)).collect(Collectors.joining(", "));
        System.out.printf("%.1f%% of one core, %.1f%% of the machine's %d cores (%s)%n", core, core / cores, cores, parts);
    }
}
