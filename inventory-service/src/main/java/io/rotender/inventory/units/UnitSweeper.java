package io.rotender.inventory.units;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rotender.inventory.config.InventoryConfig;
import io.rotender.inventory.reservation.Reservations;
import io.rotender.platform.scheduling.PeriodicTask;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;

/**
 * Periodically takes units without a recent heartbeat offline (their stock stops counting; "recent" next to
 * the newest heartbeat processed from any unit, see STALE), but only units whose partition of the units'
 * events this service has read ({@link UnitEventsLag}): a unit is never swept for a heartbeat that is still
 * waiting in Kafka. It also releases
 * reservations whose hold expired. Safe with several replicas: each row is taken by one transaction
 * ({@code FOR UPDATE SKIP LOCKED}).
 */
@ApplicationScoped
public class UnitSweeper {

    /*
     * Silence is measured against the newest heartbeat this service has processed from any unit, not against
     * the clock alone: while the service itself reads no unit events (Kafka down, a dead replica's partitions
     * not yet reassigned, a backlog) every unit looks silent, and taking them all offline would turn a
     * platform outage into "out of stock" everywhere. A unit silent for five times the limit by the clock goes
     * offline whatever the others do (a venue whose every unit went dark at once, with no other venue).
     */
    private static final String STALE = """
            SELECT id FROM unit WHERE online AND last_heartbeat_at IS NOT NULL
              AND (last_heartbeat_at < LEAST(now(), (SELECT max(last_heartbeat_at) FROM unit)) - make_interval(secs => $1)
                   OR last_heartbeat_at < now() - make_interval(secs => $1 * 5))
            UNION
            SELECT id FROM unit WHERE online AND last_heartbeat_at IS NULL AND NOT $2
              AND updated_at < now() - make_interval(secs => $1)
            ORDER BY id LIMIT 100""";
    private static final String TAKE_OFFLINE = """
            UPDATE unit SET online = false, updated_at = now() WHERE id = (
              SELECT id FROM unit WHERE id = $1 AND online FOR UPDATE SKIP LOCKED) RETURNING id""";
    private static final String EXPIRED = """
            SELECT order_id FROM reservation WHERE status = 'reserved' AND expires_at < now()
            ORDER BY expires_at LIMIT 100 FOR UPDATE SKIP LOCKED""";

    private final Pool pool;
    private final Vertx vertx;
    private final InventoryConfig config;
    private final UnitStatusPublisher status;
    private final Reservations reservations;

    private final UnitEventsLag lag;

    public UnitSweeper(Pool pool, Vertx vertx, InventoryConfig config, UnitStatusPublisher status, Reservations reservations,
                       UnitEventsLag lag) {
        this.lag = lag;
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
        this.status = status;
        this.reservations = reservations;
    }

    private PeriodicTask task;

    void start(@Observes StartupEvent event) {
        task = PeriodicTask.every(vertx, config.sweepInterval(), "Unit and reservation sweep", this::sweepOnce);
    }

    /** One sweep: offline units, then expired reservations. */
    void stop(@Observes ShutdownEvent event) {
        if (task != null) {
            task.stop();
        }
    }

    public Uni<Void> sweepOnce() {
        return offlineUnits().chain(this::expiredReservations);
    }

    private Uni<Void> offlineUnits() {
        return pool.preparedQuery(STALE).execute(Tuple.of((double) config.offlineAfter().toSeconds(), config.onlineWithoutHeartbeat()))
                .chain(rows -> {
                    List<String> silent = new ArrayList<>();
                    for (Row r : rows) {
                        silent.add(r.getString("id"));
                    }
                    if (silent.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return lag.caughtUp(silent)
                            .onFailure().recoverWithItem(failure -> {
                                Log.warnf("Units not swept: cannot tell whether their events were read (%s)", failure.getMessage());
                                return java.util.Set.of();
                            })
                            .chain(caughtUp -> takeOffline(silent.stream().filter(caughtUp::contains).toList()));
                });
    }

    private Uni<Void> takeOffline(List<String> stale) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String unitId : stale) {
            chain = chain.chain(() -> pool.withTransaction(tx -> tx.preparedQuery(TAKE_OFFLINE).execute(Tuple.of(unitId))
                    .chain(taken -> {
                        if (!taken.iterator().hasNext()) {
                            return Uni.createFrom().voidItem();
                        }
                        Log.infof("Unit %s missed its heartbeats: offline", unitId);
                        return status.unitChanged(tx, unitId);
                    })));
        }
        return chain;
    }

    private Uni<Void> expiredReservations() {
        return pool.withTransaction(tx -> tx.preparedQuery(EXPIRED).execute().chain(rows -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Row r : rows) {
                String orderId = r.getString("order_id");
                chain = chain.chain(() -> reservations.release(tx, orderId, "expired"));
            }
            return chain;
        }));
    }
}
