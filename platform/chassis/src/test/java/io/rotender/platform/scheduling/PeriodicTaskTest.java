package io.rotender.platform.scheduling;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Runs never overlap; wake-ups during a run make exactly one more run; a delayed run waits its delay; a stopped task runs nothing. */
class PeriodicTaskTest {

    private final Vertx vertx = Vertx.vertx();
    private final List<CompletableFuture<Void>> runs = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        vertx.closeAndAwait();
    }

    private PeriodicTask task() {
        // an interval that never passes during the test: every run here is asked for
        return PeriodicTask.every(vertx, Duration.ofHours(1), "test job", () -> {
            CompletableFuture<Void> run = new CompletableFuture<>();
            runs.add(run);
            return Uni.createFrom().completionStage(run);
        });
    }

    @Test
    void wakeUpsDuringARunMakeOneMoreRunAfterIt() {
        PeriodicTask task = task();
        task.runNow();
        assertThat(runs).hasSize(1);

        task.runNow();
        task.runNow();
        task.runNow();
        assertThat(runs).as("no run overlaps the one under way").hasSize(1);

        runs.get(0).complete(null);
        assertThat(runs).as("the wake-ups during the first run made one more run").hasSize(2);

        runs.get(1).complete(null);
        assertThat(runs).as("nothing asked for during the second run: no third").hasSize(2);

        task.runNow();
        assertThat(runs).hasSize(3);
        task.stop();
    }

    @Test
    void aFailedRunStillRunsWhatWasAskedForMeanwhile() {
        PeriodicTask task = task();
        task.runNow();
        task.runNow();
        runs.get(0).completeExceptionally(new IllegalStateException("database down"));
        assertThat(runs).hasSize(2);
        runs.get(1).complete(null);
        task.stop();
    }

    @Test
    void aRunAskedForLaterRunsOnceItsDelayPassed() {
        PeriodicTask task = task();
        long start = System.nanoTime();
        task.runAfter(Duration.ofMillis(300));

        await().atMost(Duration.ofSeconds(5)).until(() -> runs.size() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not before its delay")
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        runs.get(0).complete(null);

        task.runAfter(Duration.ofMillis(200));
        task.stop();
        await("a stopped task's delayed run never comes").during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(5))
                .until(() -> runs.size() == 1);
    }

    @Test
    void aStoppedTaskRunsNothingMore() {
        PeriodicTask task = task();
        task.runNow();
        task.runNow();
        task.stop();
        runs.get(0).complete(null);
        task.runNow();
        assertThat(runs).hasSize(1);
    }
}
