package io.rotender.menu.catalog;

import java.math.BigDecimal;
import java.util.List;

/** How the admin API shows the catalog (entities never leave the service). */
public final class CatalogViews {

    private CatalogViews() {
    }

    public record VenueView(String id, String name, String currency, String timezone, VenueSettings settings) {
        public static VenueView of(Venue v) {
            return new VenueView(v.id, v.name, v.currency, v.timezone, v.settings);
        }
    }

    public record IngredientView(String id, String name) {
        public static IngredientView of(Ingredient i) {
            return new IngredientView(i.id, i.name);
        }
    }

    public record DrinkView(String id, String name, String description, String category, BigDecimal price,
                            String imageUrl, boolean alcoholic, boolean active, List<RecipeLine> recipe) {
        public static DrinkView of(Drink d) {
            return new DrinkView(d.id, d.name, d.description, d.category, d.price, d.imageUrl, d.alcoholic, d.active, d.recipe.lines());
        }
    }

    public record CatalogView(VenueView venue, List<IngredientView> ingredients, List<DrinkView> drinks) {
    }
}
