package io.rotender.inventory.availability;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rotender.inventory.config.InventoryConfig;
import io.rotender.platform.notify.PgNotifications;
import io.rotender.platform.scheduling.PeriodicTask;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Refreshes the availability of every marked venue: woken by a commit of this replica that marked one (told
 * in-process by {@link AvailabilityProjector}), at most once per {@code rotender.inventory.availability-debounce}
 * however many commits came meanwhile, and every {@code availability-poll-interval} for marks no replica refreshed (a
 * replica that died before refreshing). It still listens to the notification replicas of earlier versions send, so
 * a rolling upgrade refreshes at once too. Rounds never overlap in this instance (a
 * wake-up during one makes one more after it); replicas are ordered by the per-venue lock of
 * {@link AvailabilityProjector#refresh}.
 */
@ApplicationScoped
public class AvailabilityRefresher {

    private static final String MARKED = "SELECT DISTINCT venue_id FROM availability_pending";

    private final Pool pool;
    private final Vertx vertx;
    private final PgNotifications notifications;
    private final AvailabilityProjector projector;
    private final InventoryConfig config;

    private final AtomicBoolean armed = new AtomicBoolean();
    private PeriodicTask task;

    public AvailabilityRefresher(Pool pool, Vertx vertx, PgNotifications notifications, AvailabilityProjector projector,
                                 InventoryConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.notifications = notifications;
        this.projector = projector;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        task = PeriodicTask.every(vertx, config.availabilityPollInterval(), "Availability refresh",
                this::refreshMarked);
        projector.onMarkCommitted(venueId -> wake());
        notifications.listen(AvailabilityProjector.CHANNEL, venueId -> wake());
        task.runNow();
    }

    void stop(@Observes ShutdownEvent event) {
        if (task != null) {
            task.stop();
        }
    }

    /** A venue was marked: refresh after the debounce delay, collecting whatever else is marked by then. */
    void wake() {
        if (armed.compareAndSet(false, true)) {
            vertx.setTimer(Math.max(1, config.availabilityDebounce().toMillis()), id -> {
                armed.set(false);
                task.runNow();
            });
        }
    }

    /** Refreshes every marked venue, one after the other. */
    private Uni<Void> refreshMarked() {
        return pool.preparedQuery(MARKED).execute().chain(rows -> {
            List<String> venues = new ArrayList<>();
            for (Row r : rows) {
                venues.add(r.getString("venue_id"));
            }
            return Multi.createFrom().iterable(venues)
                    .onItem().transformToUniAndConcatenate(projector::refresh)
                    .collect().last().replaceWithVoid();
        });
    }
}
