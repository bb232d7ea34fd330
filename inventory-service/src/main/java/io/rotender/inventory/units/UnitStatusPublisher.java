package io.rotender.inventory.units;

import io.rotender.contracts.inventory.AvailabilityEvents;
import io.rotender.inventory.availability.AvailabilityProjector;
import io.rotender.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Publishes a unit's state for the menu and marks its venue's availability for a refresh, in the caller's transaction. */
@ApplicationScoped
public class UnitStatusPublisher {

    private final Outbox outbox;
    private final AvailabilityProjector availability;

    public UnitStatusPublisher(Outbox outbox, AvailabilityProjector availability) {
        this.outbox = outbox;
        this.availability = availability;
    }

    public Uni<Void> unitChanged(SqlConnection tx, String unitId) {
        return tx.preparedQuery("SELECT venue_id, name, location, online FROM unit WHERE id = $1").execute(Tuple.of(unitId))
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().voidItem();
                    }
                    Row unit = rows.iterator().next();
                    String venueId = unit.getString("venue_id");
                    var status = new AvailabilityEvents.UnitStatusChanged(venueId, unitId, unit.getString("name"),
                            unit.getString("location"), unit.getBoolean("online"), false);
                    return outbox.publish(tx, AvailabilityEvents.UNIT_STATUS_CHANGED, AvailabilityEvents.unitKey(venueId, unitId), unitId, status)
                            .chain(() -> availability.changed(tx, venueId));
                });
    }
}
