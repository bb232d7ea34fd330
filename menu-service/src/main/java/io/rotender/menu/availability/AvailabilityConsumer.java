package io.rotender.menu.availability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotender.contracts.inventory.AvailabilityEvents;
import io.rotender.contracts.inventory.AvailabilityEvents.DrinkAvailabilityChanged;
import io.rotender.contracts.inventory.AvailabilityEvents.UnitStatusChanged;
import io.rotender.menu.menu.MenuQueries;
import io.rotender.menu.webhooks.WebhookFeed;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.rotender.platform.consumer.RoutedConsumer;
import io.rotender.platform.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Keeps the menu's availability projection: which drinks can be poured now and the venue's units. Menu
 * reads use only this projection, never another service. An older event never overwrites a newer state.
 */
@ApplicationScoped
public class AvailabilityConsumer implements RoutedConsumer {

    private static final String UPSERT_DRINK = """
            INSERT INTO drink_availability (venue_id, drink_id, available, pourable, stock_level, units, event_time)
            VALUES ($1, $2, $3, $4, $5, CAST($6 AS text)::jsonb, $7)
            ON CONFLICT (venue_id, drink_id) DO UPDATE SET available = EXCLUDED.available, pourable = EXCLUDED.pourable,
                stock_level = EXCLUDED.stock_level, units = EXCLUDED.units, event_time = EXCLUDED.event_time
            WHERE drink_availability.event_time <= EXCLUDED.event_time""";
    private static final String UPSERT_UNIT = """
            INSERT INTO venue_unit (venue_id, unit_id, name, location, online, event_time) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (venue_id, unit_id) DO UPDATE SET name = EXCLUDED.name, location = EXCLUDED.location,
                online = EXCLUDED.online, event_time = EXCLUDED.event_time
            WHERE venue_unit.event_time <= EXCLUDED.event_time""";
    private static final String DELETE_UNIT = "DELETE FROM venue_unit WHERE venue_id = $1 AND unit_id = $2";

    private final EventRouter router;
    private final ObjectMapper mapper;
    private final MenuQueries menu;
    private final WebhookFeed webhooks;

    public AvailabilityConsumer(EventRouters routers, ObjectMapper mapper, MenuQueries menu, WebhookFeed webhooks) {
        this.mapper = mapper;
        this.menu = menu;
        this.webhooks = webhooks;
        this.router = routers.named("menu-service.availability")
                .on(AvailabilityEvents.DRINK_AVAILABILITY_CHANGED, this::drink)
                .on(AvailabilityEvents.UNIT_STATUS_CHANGED, this::unit)
                .afterCommit(webhooks::wake)
                .build();
    }

    /** This consumer's router: the service's {@code events} channel hands it the records of its topic. */
    @Override
    public EventRouter router() {
        return router;
    }

    /** Stores the drink's availability and, when it is newer than what was stored, tells the partners' webhooks. */
    private Uni<Void> drink(SqlConnection tx, DrinkAvailabilityChanged a, EventEnvelope event) {
        return tx.preparedQuery(UPSERT_DRINK).execute(Tuple.tuple().addValue(a.venueId()).addValue(a.drinkId()).addValue(a.available())
                        .addValue(a.pourable()).addValue(a.stockLevel()).addValue(json(a)).addValue(time(event)))
                .chain(rows -> rows.rowCount() == 0 || !webhooks.anyone() ? Uni.createFrom().nullItem() : menu.drink(tx, a.venueId(), a.drinkId()))
                .chain(drink -> drink == null ? Uni.createFrom().voidItem()
                        : webhooks.drinkAvailability(tx, event, a.venueId(), a.drinkId(), mapper.valueToTree(drink)));
    }

    private Uni<Void> unit(SqlConnection tx, UnitStatusChanged u, EventEnvelope event) {
        return (u.removed()
                ? tx.preparedQuery(DELETE_UNIT).execute(Tuple.of(u.venueId(), u.unitId()))
                : tx.preparedQuery(UPSERT_UNIT).execute(Tuple.tuple().addValue(u.venueId()).addValue(u.unitId()).addValue(u.name())
                        .addValue(u.location()).addValue(u.online()).addValue(time(event)))).replaceWithVoid();
    }

    private static OffsetDateTime time(EventEnvelope event) {
        return OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC);
    }

    private String json(DrinkAvailabilityChanged a) {
        try {
            return mapper.writeValueAsString(a.units());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
