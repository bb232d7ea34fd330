package io.rotender.inventory.units;

import io.quarkus.logging.Log;
import io.rotender.contracts.units.UnitEvents;
import io.rotender.inventory.availability.AvailabilityProjector;
import io.rotender.inventory.reservation.Reservations;
import io.rotender.inventory.reservation.SlotDelta;
import io.rotender.inventory.reservation.StockLedger;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.rotender.platform.consumer.RoutedConsumer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What units report: heartbeats keep a unit online; reported levels replace the recorded ones (never
 * below what is reserved); a pour consumes its reservation by what the unit says it used; a failed pour
 * releases it.
 */
@ApplicationScoped
public class UnitEventsConsumer implements RoutedConsumer {

    private static final String HEARTBEAT = """
            UPDATE unit u SET last_heartbeat_at = now(), online = true, updated_at = now()
            FROM (SELECT id, online AS was_online FROM unit WHERE id = $1 FOR UPDATE) old
            WHERE u.id = old.id RETURNING old.was_online""";

    private final EventRouter router;
    private final Reservations reservations;
    private final UnitStatusPublisher status;
    private final AvailabilityProjector availability;

    public UnitEventsConsumer(EventRouters routers, Reservations reservations, UnitStatusPublisher status,
                              AvailabilityProjector availability) {
        this.reservations = reservations;
        this.status = status;
        this.availability = availability;
        this.router = routers.named("inventory-service.unit-events")
                .on(UnitEvents.HEARTBEAT, this::heartbeat)
                .on(UnitEvents.LEVELS_REPORTED, (tx, report) -> levels(tx, report.unitId(), report.levels()))
                .on(UnitEvents.POURED, (tx, poured) -> reservations.consume(tx, poured.orderId(), used(poured.used())))
                .on(UnitEvents.POUR_FAILED, (tx, failed) -> reservations.pourFailed(tx, failed.orderId(), failed.reason(), used(failed.used())))
                .build();
    }

    /** This consumer's router: the service's {@code events} channel hands it the records of its topic. */
    @Override
    public EventRouter router() {
        return router;
    }

    private Uni<Void> heartbeat(SqlConnection tx, UnitEvents.Heartbeat heartbeat) {
        return tx.preparedQuery(HEARTBEAT).execute(Tuple.of(heartbeat.unitId())).chain(rows -> {
            if (!rows.iterator().hasNext()) {
                Log.debugf("Heartbeat from unknown unit %s", heartbeat.unitId());
                return Uni.createFrom().voidItem();
            }
            boolean wasOnline = rows.iterator().next().getBoolean("was_online");
            return wasOnline ? Uni.createFrom().voidItem() : status.unitChanged(tx, heartbeat.unitId());
        });
    }

    private Uni<Void> levels(SqlConnection tx, String unitId, List<UnitEvents.Level> levels) {
        Map<String, Integer> reported = new TreeMap<>();
        levels.forEach(level -> reported.put(level.ingredientId(), level.levelMl()));
        return tx.preparedQuery("SELECT venue_id FROM unit WHERE id = $1").execute(Tuple.of(unitId)).chain(units -> {
            if (!units.iterator().hasNext()) {
                return Uni.createFrom().voidItem();
            }
            String venueId = units.iterator().next().getString("venue_id");
            return StockLedger.lock(tx, unitId, reported.keySet()).chain(slots -> {
                Map<String, SlotDelta> deltas = new LinkedHashMap<>();
                slots.forEach((ingredient, slot) -> {
                    int level = Math.max(reported.get(ingredient), slot.reserved());
                    if (level != reported.get(ingredient)) {
                        Log.warnf("Unit %s reports %d ml of %s but %d ml are reserved", unitId, reported.get(ingredient), ingredient, slot.reserved());
                    }
                    deltas.put(ingredient, SlotDelta.level(level - slot.level()));
                });
                // a report of the levels already booked changes nothing: no slot update (StockLedger), no availability refresh
                return StockLedger.change(tx, unitId, "report", null, deltas).chain(() -> SlotDelta.anyChangesFree(deltas.values())
                        ? availability.changed(tx, venueId) : Uni.createFrom().voidItem());
            });
        });
    }

    private static Map<String, Integer> used(List<UnitEvents.Used> used) {
        Map<String, Integer> map = new TreeMap<>();
        used.forEach(u -> map.merge(u.ingredientId(), u.ml(), Integer::sum));
        return map;
    }
}
