package io.rotender.platform.scheduling;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A reactive job run every interval and on demand, never overlapping itself in this instance: runs asked
 * for while one is under way make one more run right after it (so what a wake-up announced is never left
 * for the next tick, and a burst of wake-ups costs one run). Failures are logged and the next run tries
 * again. Work shared by replicas must still take its own database locks.
 */
public final class PeriodicTask {

    /** Delays up to this many intervals get a timer of their own ({@link #runAfter}). */
    static final int TIMED_INTERVALS = 10;

    private final String name;
    private final Supplier<Uni<Void>> job;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile boolean again;
    private Vertx vertx;
    private Duration interval;
    private long timer = -1;

    private PeriodicTask(String name, Supplier<Uni<Void>> job) {
        this.name = name;
        this.job = job;
    }

    /** Starts {@code job} every {@code interval} on the Vert.x timer. */
    public static PeriodicTask every(Vertx vertx, Duration interval, String name, Supplier<Uni<Void>> job) {
        PeriodicTask task = new PeriodicTask(name, job);
        task.vertx = vertx;
        task.interval = interval;
        task.timer = vertx.setPeriodic(interval.toMillis(), id -> task.runNow());
        return task;
    }

    /** Stops the timer (on shutdown, before the pools it uses close); later runs are ignored. */
    public void stop() {
        stopped = true;
        if (vertx != null && timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * Runs the job once {@code delay} has passed (as {@link #runNow} then): work this instance knows to fall due
     * (a retry it scheduled) runs on time, so the interval only has to catch what no instance announced. A delay of
     * more than {@value #TIMED_INTERVALS} intervals is left to the interval: such work runs at most one interval late
     * (a tenth of its delay or less), and a backlog of long retries holds no timers.
     */
    public void runAfter(Duration delay) {
        if (!stopped && vertx != null && delay.compareTo(interval.multipliedBy(TIMED_INTERVALS)) <= 0) {
            vertx.setTimer(Math.max(1, delay.toMillis()), id -> runNow());
        }
    }

    /** Runs the job now, or once more right after the run under way; nothing once the task was stopped. */
    public void runNow() {
        if (stopped) {
            return;
        }
        again = true;
        if (running.compareAndSet(false, true)) {
            run();
        }
    }

    private void run() {
        again = false;
        Uni.createFrom().deferred(job::get).subscribe().with(ok -> finished(), failure -> {
            Log.warnf("%s failed, retrying at the next run: %s", name, failure.getMessage());
            finished();
        });
    }

    private void finished() {
        running.set(false);
        if (again && !stopped && running.compareAndSet(false, true)) {
            run();
        }
    }
}
