package io.rotender.inventory.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;
import io.rotender.inventory.availability.AvailabilityProjector;
import io.rotender.inventory.availability.Recipes;
import io.rotender.platform.consumer.IdempotentConsumer;
import io.rotender.platform.consumer.PoisonMessageException;
import io.rotender.platform.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps what inventory-service needs of the catalog ({@code rotender.menu.catalog}): each drink's recipe
 * and whether it is sold, and each venue's stock level thresholds. Every change marks the venue's
 * availability for a refresh.
 */
@ApplicationScoped
public class CatalogProjection {

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

    private final IdempotentConsumer consumer;
    private final AvailabilityProjector availability;
    private final ObjectMapper mapper;

    public CatalogProjection(IdempotentConsumer consumer, AvailabilityProjector availability, ObjectMapper mapper) {
        this.consumer = consumer;
        this.availability = availability;
        this.mapper = mapper;
    }

    @Incoming("menu-catalog")
    public Uni<Void> onCatalog(String payload) {
        return consumer.consumeWithConnection("inventory-service.catalog", payload, this::apply);
    }

    private Uni<Void> apply(EventEnvelope event, SqlConnection tx) {
        JsonNode data = event.data();
        if (!java.util.Set.of("VenueUpserted", "DrinkUpserted", "DrinkRemoved").contains(event.type())) {
            Log.debugf("Ignoring %s on the catalog topic", event.type());
            return Uni.createFrom().voidItem();
        }
        String venueId = event.requiredText("venueId");
        return switch (event.type()) {
            case "VenueUpserted" -> {
                JsonNode thresholds = data.path("settings").path("stockThresholds");
                yield tx.preparedQuery(UPSERT_VENUE)
                        .execute(Tuple.of(venueId, thresholds.path("low").asInt(5), thresholds.path("medium").asInt(20)))
                        .chain(() -> availability.changed(tx, venueId));
            }
            case "DrinkUpserted" -> {
                ObjectNode recipe = mapper.createObjectNode();
                recipe.set("lines", data.path("recipe"));
                try {
                    Recipes.millilitres(recipe);
                } catch (Recipes.Unreadable e) {
                    // to the DLQ with the reason; the drink keeps the last recipe that could be read
                    throw new PoisonMessageException("DrinkUpserted " + venueId + "/" + data.path("drinkId").asText()
                            + " has an unreadable recipe: " + e.getMessage());
                }
                yield tx.preparedQuery(UPSERT_DRINK)
                        .execute(Tuple.of(venueId, event.requiredText("drinkId"), event.requiredText("name"), data.path("active").asBoolean(true),
                                recipe.toString()))
                        .chain(() -> availability.changed(tx, venueId));
            }
            case "DrinkRemoved" -> tx.preparedQuery(REMOVE_DRINK).execute(Tuple.of(venueId, event.requiredText("drinkId")))
                    .chain(() -> availability.changed(tx, venueId));
            default -> Uni.createFrom().voidItem();
        };
    }

}
