package io.rotender.inventory.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rotender.contracts.catalog.CatalogEvents;
import io.rotender.contracts.catalog.CatalogEvents.DrinkUpserted;
import io.rotender.contracts.catalog.CatalogEvents.StockThresholds;
import io.rotender.contracts.catalog.CatalogEvents.VenueUpserted;
import io.rotender.inventory.availability.AvailabilityProjector;
import io.rotender.inventory.availability.Recipes;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.rotender.platform.consumer.PoisonMessageException;
import io.rotender.platform.consumer.RoutedConsumer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps what inventory-service needs of the catalog ({@code rotender.menu.catalog}): each drink's recipe
 * and whether it is sold, and each venue's stock level thresholds. Every change marks the venue's
 * availability for a refresh.
 */
@ApplicationScoped
public class CatalogProjection implements RoutedConsumer {

    private static final String UPSERT_VENUE = """
            INSERT INTO venue_settings (venue_id, low_threshold, medium_threshold) VALUES ($1, $2, $3)
            ON CONFLICT (venue_id) DO UPDATE SET low_threshold = EXCLUDED.low_threshold,
                medium_threshold = EXCLUDED.medium_threshold, updated_at = now()""";
    private static final String UPSERT_DRINK = """
            INSERT INTO drink_recipe (venue_id, drink_id, name, active, removed, recipe) VALUES ($1, $2, $3, $4, false, CAST($5 AS text)::jsonb)
            ON CONFLICT (venue_id, drink_id) DO UPDATE SET name = EXCLUDED.name, active = EXCLUDED.active,
                removed = false, recipe = EXCLUDED.recipe, updated_at = now()""";
    private static final String REMOVE_DRINK = """
            UPDATE drink_recipe SET removed = true, updated_at = now() WHERE venue_id = $1 AND drink_id = $2""";

    private final EventRouter router;
    private final AvailabilityProjector availability;
    private final ObjectMapper mapper;

    public CatalogProjection(EventRouters routers, AvailabilityProjector availability, ObjectMapper mapper) {
        this.availability = availability;
        this.mapper = mapper;
        this.router = routers.named("inventory-service.catalog")
                .on(CatalogEvents.VENUE_UPSERTED, this::venue)
                .on(CatalogEvents.DRINK_UPSERTED, this::drink)
                .on(CatalogEvents.DRINK_REMOVED, (tx, removed) -> tx.preparedQuery(REMOVE_DRINK)
                        .execute(Tuple.of(removed.venueId(), removed.drinkId()))
                        .chain(() -> availability.changed(tx, removed.venueId())))
                .build();
    }

    /** This consumer's router: the service's {@code events} channel hands it the records of its topic. */
    @Override
    public EventRouter router() {
        return router;
    }

    private Uni<Void> venue(SqlConnection tx, VenueUpserted venue) {
        StockThresholds thresholds = venue.settings() == null || venue.settings().stockThresholds() == null
                ? new StockThresholds(null, null) : venue.settings().stockThresholds();
        return tx.preparedQuery(UPSERT_VENUE).execute(Tuple.of(venue.venueId(), thresholds.low() == null ? 5 : thresholds.low(),
                        thresholds.medium() == null ? 20 : thresholds.medium()))
                .chain(() -> availability.changed(tx, venue.venueId()));
    }

    private Uni<Void> drink(SqlConnection tx, DrinkUpserted drink) {
        ObjectNode recipe = mapper.createObjectNode();
        recipe.set("lines", mapper.valueToTree(drink.recipe()));
        try {
            Recipes.millilitres(recipe);
        } catch (Recipes.Unreadable e) {
            // to the DLQ with the reason; the drink keeps the last recipe that could be read
            throw new PoisonMessageException("DrinkUpserted " + drink.venueId() + "/" + drink.drinkId()
                    + " has an unreadable recipe: " + e.getMessage());
        }
        return tx.preparedQuery(UPSERT_DRINK)
                .execute(Tuple.of(drink.venueId(), drink.drinkId(), drink.name(), drink.active(), recipe.toString()))
                .chain(() -> availability.changed(tx, drink.venueId()));
    }
}
