package io.rotender.order.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.rotender.platform.consumer.IdempotentConsumer;
import io.rotender.platform.consumer.PoisonMessageException;
import io.rotender.platform.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.math.BigDecimal;
import java.util.Set;

/**
 * What order-service keeps of the catalog ({@code rotender.menu.catalog}): venue currency and order
 * settings, drink prices and recipes. Prices of an order always come from here, never from the client.
 */
@ApplicationScoped
public class CatalogProjection {

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

    private final IdempotentConsumer consumer;
    private final ObjectMapper mapper;

    public CatalogProjection(IdempotentConsumer consumer, ObjectMapper mapper) {
        this.consumer = consumer;
        this.mapper = mapper;
    }

    @Incoming("menu-catalog")
    public Uni<Void> onCatalog(String payload) {
        return consumer.consumeWithConnection("order-service.catalog", payload, this::apply);
    }

    private Uni<Void> apply(EventEnvelope event, SqlConnection tx) {
        if (!Set.of("VenueUpserted", "DrinkUpserted", "DrinkRemoved").contains(event.type())) {
            Log.debugf("Ignoring %s on the catalog topic", event.type());
            return Uni.createFrom().voidItem();
        }
        JsonNode data = event.data();
        String venueId = event.requiredText("venueId");
        return switch (event.type()) {
            case "VenueUpserted" -> {
                JsonNode settings = data.path("settings");
                yield tx.preparedQuery(UPSERT_VENUE).execute(Tuple.of(venueId, event.requiredText("currency"),
                        settings.path("requirePosAcceptance").asBoolean(false), settings.path("orderTtlMinutes").asInt(30),
                        settings.path("paymentHoldMinutes").asInt(5))).replaceWithVoid();
            }
            case "DrinkUpserted" -> {
                if (!data.path("price").isNumber()) {
                    throw new PoisonMessageException("DrinkUpserted without a numeric price");
                }
                try {
                    RecipeLines.read(data.path("recipe"));
                } catch (IllegalArgumentException e) {
                    // to the DLQ with the reason; the drink keeps the last recipe that could be read
                    throw new PoisonMessageException("DrinkUpserted " + venueId + "/" + data.path("drinkId").asText()
                            + " has an unreadable recipe: " + e.getMessage());
                }
                ObjectNode recipe = mapper.createObjectNode();
                recipe.set("lines", data.path("recipe"));
                yield tx.preparedQuery(UPSERT_DRINK).execute(Tuple.tuple().addValue(venueId).addValue(event.requiredText("drinkId"))
                        .addValue(event.requiredText("name")).addValue(new BigDecimal(data.get("price").asText()))
                        .addValue(data.path("active").asBoolean(true)).addValue(recipe.toString())).replaceWithVoid();
            }
            default -> tx.preparedQuery("UPDATE drink SET removed = true, updated_at = now() WHERE venue_id = $1 AND drink_id = $2")
                    .execute(Tuple.of(venueId, event.requiredText("drinkId"))).replaceWithVoid();
        };
    }

}
