package io.rotender.menu.menu;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.List;

/**
 * The partner menu in the Rotender Partner API v1 wire format (snake_case, with v1's one {@code imageUrl}
 * exception); every field beyond v1's is an optional extension.
 */
public final class MenuViews {

    private MenuViews() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Menu(String id, String name, String currency, String timezone, List<Unit> units, List<MenuDrink> drinks) {
    }

    public record Unit(String id, String name, String location, boolean online) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MenuDrink(String id, String name, List<String> ingredients, BigDecimal price, String description,
                            String category, @JsonProperty("imageUrl") String imageUrl, boolean alcoholic,
                            @JsonProperty("ingredient_stock_level") String ingredientStockLevel, boolean available) {
    }
}
