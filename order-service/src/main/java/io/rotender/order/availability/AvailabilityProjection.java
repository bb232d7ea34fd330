package io.rotender.order.availability;

import io.rotender.contracts.inventory.AvailabilityEvents;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.rotender.platform.consumer.RoutedConsumer;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Keeps whether each drink can be poured now ({@code DrinkAvailabilityChanged} on the compacted
 * {@code rotender.inventory.availability}, published by inventory-service only when a drink's availability, stock
 * band or units change), so that an order of a sold-out drink is refused at once (see {@code OrderService}). An
 * older event never overwrites a newer state. Inventory's reservation still decides every sale: a stale
 * "available" is answered correctly by inventory, and a drink coming back is sellable as soon as its event is here.
 */
@ApplicationScoped
public class AvailabilityProjection implements RoutedConsumer {

    private static final String UPSERT = """
            INSERT INTO drink_availability (venue_id, drink_id, available, event_time) VALUES ($1, $2, $3, $4)
            ON CONFLICT (venue_id, drink_id) DO UPDATE SET available = EXCLUDED.available, event_time = EXCLUDED.event_time
            WHERE drink_availability.event_time <= EXCLUDED.event_time""";

    private final EventRouter router;

    public AvailabilityProjection(EventRouters routers) {
        this.router = routers.named("order-service.availability")
                .on(AvailabilityEvents.DRINK_AVAILABILITY_CHANGED, (tx, changed, event) -> tx.preparedQuery(UPSERT)
                        .execute(Tuple.of(changed.venueId(), changed.drinkId(), changed.available(),
                                OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC)))
                        .replaceWithVoid())
                .build();
    }

    /** This consumer's router: the service's {@code events} channel hands it the records of its topic. */
    @Override
    public EventRouter router() {
        return router;
    }
}
