package io.rotender.contracts.catalog;

import io.rotender.contracts.MessageType;
import io.rotender.contracts.Require;
import io.rotender.contracts.Topics;

import java.math.BigDecimal;
import java.util.List;

/**
 * What menu-service publishes on {@code rotender.menu.catalog} (compacted): full state, recipe included. Key the
 * venue id for a venue, {@link #drinkKey} for a drink.
 */
public final class CatalogEvents {

    public static final MessageType<VenueUpserted> VENUE_UPSERTED = MessageType.of(Topics.MENU_CATALOG, "VenueUpserted", VenueUpserted.class);
    public static final MessageType<DrinkUpserted> DRINK_UPSERTED = MessageType.of(Topics.MENU_CATALOG, "DrinkUpserted", DrinkUpserted.class);
    public static final MessageType<DrinkRemoved> DRINK_REMOVED = MessageType.of(Topics.MENU_CATALOG, "DrinkRemoved", DrinkRemoved.class);

    private CatalogEvents() {
    }

    public static String drinkKey(String venueId, String drinkId) {
        return venueId + "/" + drinkId;
    }

    /** How many drinks the venue can still pour maps to a stock level: up to {@code low} is low, up to {@code medium} medium. */
    public record StockThresholds(Integer low, Integer medium) {
    }

    /** A venue's operating settings; a field not given takes the platform's default on the reading side. */
    public record VenueSettings(StockThresholds stockThresholds, Boolean requirePosAcceptance, Integer orderTtlMinutes,
                                Integer paymentHoldMinutes, String defaultImageUrl) {
    }

    public record VenueUpserted(String venueId, String name, String currency, String timezone, VenueSettings settings) {
        public VenueUpserted {
            Require.text(venueId, "venueId");
            Require.text(currency, "currency");
        }
    }

    /** One line of a recipe; whether a recipe can be poured is each reader's check (a bad one is dead-lettered with why). */
    public record RecipeLine(String ingredientId, String ingredientName, int ml) {
    }

    public record DrinkUpserted(String venueId, String drinkId, String name, String description, String category, BigDecimal price,
                                String currency, String imageUrl, Boolean alcoholic, Boolean active, List<RecipeLine> recipe) {
        public DrinkUpserted {
            Require.text(venueId, "venueId");
            Require.text(drinkId, "drinkId");
            Require.text(name, "name");
            if (price == null) {
                throw new IllegalArgumentException("price is required");
            }
            active = active == null ? Boolean.TRUE : active;
            recipe = recipe == null ? List.of() : List.copyOf(recipe);
        }
    }

    public record DrinkRemoved(String venueId, String drinkId) {
        public DrinkRemoved {
            Require.text(venueId, "venueId");
            Require.text(drinkId, "drinkId");
        }
    }
}
