package io.rotender.menu.catalog;

import java.math.BigDecimal;
import java.util.List;

/** What menu-service publishes on {@code rotender.menu.catalog} (compacted): full state, recipe included. */
public final class CatalogEvents {

    public static final String TOPIC = "rotender.menu.catalog";
    public static final String VENUE_UPSERTED = "VenueUpserted";
    public static final String DRINK_UPSERTED = "DrinkUpserted";
    public static final String DRINK_REMOVED = "DrinkRemoved";

    private CatalogEvents() {
    }

    public static String drinkKey(String venueId, String drinkId) {
        return venueId + "/" + drinkId;
    }

    public record VenueState(String venueId, String name, String currency, String timezone, VenueSettings settings) {
        static VenueState of(Venue v) {
            return new VenueState(v.id, v.name, v.currency, v.timezone, v.settings);
        }
    }

    public record DrinkState(String venueId, String drinkId, String name, String description, String category,
                             BigDecimal price, String currency, String imageUrl, boolean alcoholic, boolean active,
                             List<Line> recipe) {
    }

    public record Line(String ingredientId, String ingredientName, int ml) {
    }

    public record DrinkRemoved(String venueId, String drinkId) {
    }
}
