package io.rotender.inventory.units;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.rotender.inventory.availability.AvailabilityProjector;
import io.rotender.inventory.reservation.Reservations;
import io.rotender.inventory.reservation.StockLedger;
import io.rotender.platform.consumer.IdempotentConsumer;
import io.rotender.platform.consumer.PoisonMessageException;
import io.rotender.platform.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

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
public class UnitEventsConsumer {

    private static final String HEARTBEAT = """
            UPDATE unit u SET last_heartbeat_at = now(), online = true, updated_at = now()
            FROM (SELECT id, online AS was_online FROM unit WHERE id = $1 FOR UPDATE) old
            WHERE u.id = old.id RETURNING old.was_online""";

    private final IdempotentConsumer consumer;
    private final Reservations reservations;
    private final UnitStatusPublisher status;
    private final AvailabilityProjector availability;
    private final ObjectMapper mapper;

    public UnitEventsConsumer(IdempotentConsumer consumer, Reservations reservations, UnitStatusPublisher status,
                              AvailabilityProjector availability, ObjectMapper mapper) {
        this.consumer = consumer;
        this.reservations = reservations;
        this.status = status;
        this.availability = availability;
        this.mapper = mapper;
    }

    @Incoming("unit-events")
    public Uni<Void> onUnitEvent(String payload) {
        return consumer.consumeWithConnection("inventory-service.unit-events", payload, this::apply);
    }

    private Uni<Void> apply(EventEnvelope event, SqlConnection tx) {
        return switch (event.type()) {
            case "Heartbeat" -> {
                var heartbeat = event.dataAs(UnitMessages.Heartbeat.class, mapper);
                yield tx.preparedQuery(HEARTBEAT).execute(Tuple.of(required(heartbeat.unitId(), "unitId"))).chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        Log.debugf("Heartbeat from unknown unit %s", heartbeat.unitId());
                        return Uni.createFrom().voidItem();
                    }
                    boolean wasOnline = rows.iterator().next().getBoolean("was_online");
                    return wasOnline ? Uni.createFrom().voidItem() : status.unitChanged(tx, heartbeat.unitId());
                });
            }
            case "LevelsReported" -> {
                var report = event.dataAs(UnitMessages.LevelsReported.class, mapper);
                yield levels(tx, required(report.unitId(), "unitId"), report.levels() == null ? List.of() : report.levels());
            }
            case "Poured" -> {
                var poured = event.dataAs(UnitMessages.Poured.class, mapper);
                yield reservations.consume(tx, required(poured.orderId(), "orderId"), used(poured.used()));
            }
            case "PourFailed" -> {
                var failed = event.dataAs(UnitMessages.PourFailed.class, mapper);
                yield reservations.pourFailed(tx, required(failed.orderId(), "orderId"), failed.reason(), used(failed.used()));
            }
            default -> {
                Log.debugf("Ignoring %s on the unit events topic", event.type());
                yield Uni.createFrom().voidItem();
            }
        };
    }

    private Uni<Void> levels(SqlConnection tx, String unitId, List<UnitMessages.Level> levels) {
        Map<String, Integer> reported = new TreeMap<>();
        for (UnitMessages.Level level : levels) {
            if (level == null || level.ingredientId() == null || level.levelMl() < 0) {
                throw new PoisonMessageException("LevelsReported with a malformed level");
            }
            reported.put(level.ingredientId(), level.levelMl());
        }
        return tx.preparedQuery("SELECT venue_id FROM unit WHERE id = $1").execute(Tuple.of(unitId)).chain(units -> {
            if (!units.iterator().hasNext()) {
                return Uni.createFrom().voidItem();
            }
            String venueId = units.iterator().next().getString("venue_id");
            return StockLedger.lock(tx, unitId, reported.keySet()).chain(slots -> {
                Map<String, int[]> deltas = new LinkedHashMap<>();
                slots.forEach((ingredient, slot) -> {
                    int level = Math.max(reported.get(ingredient), slot.reserved());
                    if (level != reported.get(ingredient)) {
                        Log.warnf("Unit %s reports %d ml of %s but %d ml are reserved", unitId, reported.get(ingredient), ingredient, slot.reserved());
                    }
                    deltas.put(ingredient, new int[]{level - slot.level(), 0});
                });
                return StockLedger.change(tx, unitId, "report", null, deltas).chain(() -> availability.changed(tx, venueId));
            });
        });
    }

    private static Map<String, Integer> used(List<UnitMessages.Used> used) {
        Map<String, Integer> map = new TreeMap<>();
        if (used != null) {
            for (UnitMessages.Used u : used) {
                if (u == null || u.ingredientId() == null || u.ml() < 0) {
                    throw new PoisonMessageException("pour report with a malformed amount");
                }
                map.merge(u.ingredientId(), u.ml(), Integer::sum);
            }
        }
        return map;
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new PoisonMessageException("unit event without " + field);
        }
        return value;
    }
}
