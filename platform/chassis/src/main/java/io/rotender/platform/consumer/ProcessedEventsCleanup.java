package io.rotender.platform.consumer;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;

/**
 * Forgets processed event ids once no redelivery can bring them back: older than the longest topic
 * retention (7 days) plus a margin.
 */
@ApplicationScoped
public class ProcessedEventsCleanup {

    /** How long processed event ids are remembered. */
    @ConfigMapping(prefix = "rotender.consumer.processed")
    public interface Settings {
        /** Longer than any consumed topic's retention, so a redelivery is always recognised. */
        @WithDefault("8d")
        Duration retention();

        @WithDefault("1h")
        Duration cleanupInterval();
    }

    private final Pool pool;
    private final Vertx vertx;
    private final Settings settings;

    public ProcessedEventsCleanup(Pool pool, Vertx vertx, Settings settings) {
        this.pool = pool;
        this.vertx = vertx;
        this.settings = settings;
    }

    void start(@Observes StartupEvent event) {
        vertx.setPeriodic(settings.cleanupInterval().toMillis(), id -> pool
                .preparedQuery("DELETE FROM processed_event WHERE processed_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) settings.retention().toSeconds()))
                .subscribe().with(rows -> Log.debugf("Forgot %d processed event ids", rows.rowCount()),
                        failure -> Log.warnf("Processed events cleanup failed: %s", failure.getMessage())));
    }
}
