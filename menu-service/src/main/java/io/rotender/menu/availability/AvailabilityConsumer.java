package io.rotender.menu.availability;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.rotender.platform.consumer.IdempotentConsumer;
import io.rotender.platform.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Keeps the menu's availability projection: which drinks can be poured now and the venue's units. Menu
 * reads use only this projection, never another service. An older event never overwrites a newer state.
 */
@ApplicationScoped
public class AvailabilityConsumer {

    private static final String UPSERT_DRINK = """
            INSERT INTO drink_availability (venue_id, drink_id, available, pourable, stock_level, units, event_time)
            VALUES (?1, ?2, ?3, ?4, ?5, CAST(CAST(?6 AS text) AS jsonb), ?7)
            ON CONFLICT (venue_id, drink_id) DO UPDATE SET available = EXCLUDED.available, pourable = EXCLUDED.pourable,
                stock_level = EXCLUDED.stock_level, units = EXCLUDED.units, event_time = EXCLUDED.event_time
            WHERE drink_availability.event_time <= EXCLUDED.event_time""";
    private static final String UPSERT_UNIT = """
            INSERT INTO venue_unit (venue_id, unit_id, name, location, online, event_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT (venue_id, unit_id) DO UPDATE SET name = EXCLUDED.name, location = EXCLUDED.location,
                online = EXCLUDED.online, event_time = EXCLUDED.event_time
            WHERE venue_unit.event_time <= EXCLUDED.event_time""";

    private final IdempotentConsumer consumer;
    private final ObjectMapper mapper;

    public AvailabilityConsumer(IdempotentConsumer consumer, ObjectMapper mapper) {
        this.consumer = consumer;
        this.mapper = mapper;
    }

    @Incoming("inventory-availability")
    public Uni<Void> onAvailability(String payload) {
        return consumer.consume("menu-service.availability", payload, this::apply);
    }

    private Uni<Void> apply(EventEnvelope event) {
        OffsetDateTime time = OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC);
        return switch (event.type()) {
            case AvailabilityEvents.DRINK_AVAILABILITY_CHANGED -> {
                var a = event.dataAs(AvailabilityEvents.DrinkAvailability.class, mapper);
                yield Panache.getSession().chain(s -> s.createNativeQuery(UPSERT_DRINK)
                        .setParameter(1, a.venueId()).setParameter(2, a.drinkId()).setParameter(3, a.available())
                        .setParameter(4, a.pourable()).setParameter(5, a.stockLevel())
                        .setParameter(6, json(a.units())).setParameter(7, time)
                        .executeUpdate()).replaceWithVoid();
            }
            case AvailabilityEvents.UNIT_STATUS_CHANGED -> {
                var u = event.dataAs(AvailabilityEvents.UnitStatus.class, mapper);
                yield Panache.getSession().chain(s -> u.removed()
                        ? s.createNativeQuery("DELETE FROM venue_unit WHERE venue_id = ?1 AND unit_id = ?2")
                                .setParameter(1, u.venueId()).setParameter(2, u.unitId()).executeUpdate()
                        : s.createNativeQuery(UPSERT_UNIT)
                                .setParameter(1, u.venueId()).setParameter(2, u.unitId()).setParameter(3, u.name())
                                .setParameter(4, u.location()).setParameter(5, u.online()).setParameter(6, time)
                                .executeUpdate()).replaceWithVoid();
            }
            default -> {
                Log.debugf("Ignoring %s on the availability topic", event.type());
                yield Uni.createFrom().voidItem();
            }
        };
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value == null ? java.util.List.of() : value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
