package io.rotender.order.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rotender.contracts.catalog.CatalogEvents;
import io.rotender.contracts.catalog.CatalogEvents.DrinkUpserted;
import io.rotender.contracts.catalog.CatalogEvents.VenueSettings;
import io.rotender.contracts.catalog.CatalogEvents.VenueUpserted;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.rotender.platform.consumer.PoisonMessageException;
import io.rotender.platform.consumer.RoutedConsumer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What order-service keeps of the catalog ({@code rotender.menu.catalog}): venue currency and order
 * settings, drink prices and recipes. Prices of an order always come from here, never from the client.
 */
@ApplicationScoped
public class CatalogProjection implements RoutedConsumer {

    private static final String UPSERT_VENUE = """
            INSERT INTO venue (id, currency, require_pos_acceptance, order_ttl_minutes, payment_hold_minutes)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (id) DO UPDATE SET currency = EXCLUDED.currency, require_pos_acceptance = EXCLUDED.require_pos_acceptance,
                order_ttl_minutes = EXCLUDED.order_ttl_minutes, payment_hold_minutes = EXCLUDED.payment_hold_minutes, updated_at = now()""";
    private static final String UPSERT_DRINK = """
            INSERT INTO drink (venue_id, drink_id, name, price, active, removed, recipe)
            VALUES ($1, $2, $3, $4, $5, false, CAST($6 AS text)::jsonb)
            ON CONFLICT (venue_id, drink_id) DO UPDATE SET name = EXCLUDED.name, price = EXCLUDED.price,
                active = EXCLUDED.active, removed = false, recipe = EXCLUDED.recipe, updated_at = now()""";
    private static final String REMOVE_DRINK = "UPDATE drink SET removed = true, updated_at = now() WHERE venue_id = $1 AND drink_id = $2";

    private final EventRouter router;
    private final ObjectMapper mapper;

    public CatalogProjection(EventRouters routers, ObjectMapper mapper) {
        this.mapper = mapper;
        this.router = routers.named("order-service.catalog")
                .on(CatalogEvents.VENUE_UPSERTED, this::venue)
                .on(CatalogEvents.DRINK_UPSERTED, this::drink)
                .on(CatalogEvents.DRINK_REMOVED, (tx, removed) -> tx.preparedQuery(REMOVE_DRINK)
                        .execute(Tuple.of(removed.venueId(), removed.drinkId())).replaceWithVoid())
                .build();
    }

    /** This consumer's router: the service's {@code events} channel hands it the records of its topic. */
    @Override
    public EventRouter router() {
        return router;
    }

    private Uni<Void> venue(SqlConnection tx, VenueUpserted venue) {
        VenueSettings settings = venue.settings() == null ? new VenueSettings(null, null, null, null, null) : venue.settings();
        return tx.preparedQuery(UPSERT_VENUE).execute(Tuple.of(venue.venueId(), venue.currency(),
                Boolean.TRUE.equals(settings.requirePosAcceptance()),
                settings.orderTtlMinutes() == null ? 30 : settings.orderTtlMinutes(),
                settings.paymentHoldMinutes() == null ? 5 : settings.paymentHoldMinutes())).replaceWithVoid();
    }

    private Uni<Void> drink(SqlConnection tx, DrinkUpserted drink) {
        ObjectNode recipe = mapper.createObjectNode();
        recipe.set("lines", mapper.valueToTree(drink.recipe()));
        try {
            RecipeLines.read(recipe.get("lines"));
        } catch (IllegalArgumentException e) {
            // to the DLQ with the reason; the drink keeps the last recipe that could be read
            throw new PoisonMessageException("DrinkUpserted " + drink.venueId() + "/" + drink.drinkId()
                    + " has an unreadable recipe: " + e.getMessage());
        }
        return tx.preparedQuery(UPSERT_DRINK).execute(Tuple.tuple().addValue(drink.venueId()).addValue(drink.drinkId())
                .addValue(drink.name()).addValue(drink.price()).addValue(drink.active()).addValue(recipe.toString())).replaceWithVoid();
    }
}
