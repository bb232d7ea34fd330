package io.rotender.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time used by the platform's processes, read from {@code /proc}: each service replica and the broker (the
 * processes named in the local run's pid files) and PostgreSQL (the postmaster of the run's data directory and
 * its backends). A part counts each process of its tree with its own time and that of its exited children
 * ({@code utime + stime + cutime + cstime}), so PostgreSQL backends that ended between two readings still count.
 * The load generator, the unit simulator and the POS emulators are not the platform and are left out.
 */
final class PlatformCpu {

    private static final double TICKS_PER_SECOND = ticksPerSecond();
    /**
     * The part of the JVMs' time (services and broker, already in their own parts) spent in their JIT compiler
     * threads: not added to the total again, printed to tell compiling from serving.
     */
    static final String JIT = "of_which_jit_compilers";

    private PlatformCpu() {
    }

    /** CPU seconds so far per part (service, replica, {@code kafka}, {@code postgres}). */
    static Map<String, Double> read(Path state) {
        Map<Long, long[]> procs = processes(); // pid -> {ppid, ticks}
        Map<Long, List<Long>> children = new HashMap<>();
        procs.forEach((pid, p) -> children.computeIfAbsent(p[0], k -> new ArrayList<>()).add(pid));
        Map<String, Double> seconds = new TreeMap<>();
        long jit = 0;
        try (Stream<Path> files = Files.list(state.resolve("pids"))) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.equals("unit-simulator") || name.equals("pos-emulators") || name.equals("postgres")) {
                    continue;
                }
                long pid = Long.parseLong(Files.readString(file).strip());
                seconds.put(name, tree(pid, procs, children) / TICKS_PER_SECOND);
                jit += compilerThreads(pid);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the platform's pid files in " + state, e);
        }
        long postmaster = postmaster(state.resolve("pgdata").toAbsolutePath().toString());
        if (postmaster > 0) {
            seconds.put("postgres", tree(postmaster, procs, children) / TICKS_PER_SECOND);
        }
        seconds.put(JIT, jit / TICKS_PER_SECOND);
        return seconds;
    }

    /** CPU seconds of this JVM's exited children (pgbench, run and waited for by the baseline). */
    static double ownChildren() {
        long[] t = stat(ProcessHandle.current().pid());
        return t == null ? 0 : (t[3]) / TICKS_PER_SECOND;
    }

    /** {@code after - before} per part, and {@code total}. */
    static Map<String, Double> between(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> used = new TreeMap<>();
        double total = 0;
        for (Map.Entry<String, Double> e : after.entrySet()) {
            double d = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            used.put(e.getKey(), d);
            if (!e.getKey().equals(JIT)) {
                total += d;
            }
        }
        used.put("total", total);
        return used;
    }

    /** Milliseconds of CPU per unit of work, per part, rounded. */
    static Map<String, Object> perUnit(Map<String, Double> used, long units) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("total_ms", units == 0 ? 0 : Samples.round(1000 * used.get("total") / units));
        used.forEach((part, s) -> {
            if (!part.equals("total")) {
                out.put(part + "_ms", units == 0 ? 0 : Samples.round(1000 * s / units));
            }
        });
        return out;
    }

    /** Clock ticks of a JVM's JIT compiler threads ("C1 CompilerThread0", "C2 CompilerThread0", ...). */
    private static long compilerThreads(long pid) {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String name = name(task.resolve("comm"));
                long[] t = name != null && name.matches("C[12] CompilerThre.*") ? stat(task.resolve("stat")) : null;
                if (t != null) {
                    ticks += t[1] + t[2];
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks;
    }

    /** A thread's name, or null when it ended meanwhile. */
    private static String name(Path comm) {
        try {
            return Files.readString(comm).strip();
        } catch (IOException e) {
            return null;
        }
    }

    private static long tree(long root, Map<Long, long[]> procs, Map<Long, List<Long>> children) {
        long ticks = 0;
        List<Long> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            long pid = todo.remove(todo.size() - 1);
            long[] p = procs.get(pid);
            if (p != null) {
                ticks += p[1];
            }
            todo.addAll(children.getOrDefault(pid, List.of()));
        }
        return ticks;
    }

    private static Map<Long, long[]> processes() {
        Map<Long, long[]> procs = new HashMap<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long[] t = stat(Long.parseLong(name));
                if (t != null) {
                    procs.put(Long.parseLong(name), new long[]{t[0], t[1] + t[2] + t[3]});
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return procs;
    }

    /** {ppid, utime, stime, cutime + cstime} in clock ticks, or null when the process is gone. */
    private static long[] stat(long pid) {
        return stat(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** The same from a {@code stat} file of a process or a thread, or null when it is gone. */
    private static long[] stat(Path file) {
        try {
            String stat = Files.readString(file);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[]{Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                    Long.parseLong(f[13]) + Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long postmaster(String dataDir) {
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : dirs.toList()) {
                try {
                    String cmd = Files.readString(dir.resolve("cmdline")).replace('\0', ' ');
                    if (cmd.contains("bin/postgres") && cmd.contains("-D " + dataDir)) {
                        return Long.parseLong(dir.getFileName().toString());
                    }
                } catch (IOException | RuntimeException e) {
                    // not a process, or gone
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static double ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            return Double.parseDouble(out);
        } catch (Exception e) {
            return 100;
        }
    }
}
