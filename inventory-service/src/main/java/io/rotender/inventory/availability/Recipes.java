package io.rotender.inventory.availability;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a stored recipe ({@code {"lines": [{"ingredientId", "ml"}]}}) as ingredient to millilitres. A recipe
 * that cannot be read (no lines, a line without its ingredient or with no positive whole millilitres) is
 * refused, never read as an empty recipe: a drink with no ingredients would be reserved and poured from
 * nothing.
 */
public final class Recipes {

    /** A recipe that cannot be read, with what is wrong with it. */
    public static final class Unreadable extends IllegalArgumentException {
        Unreadable(String message) {
            super(message);
        }
    }

    private Recipes() {
    }

    public static Map<String, Integer> millilitres(JsonNode recipe) {
        JsonNode lines = recipe == null ? null : recipe.get("lines");
        if (lines == null || !lines.isArray() || lines.isEmpty()) {
            throw new Unreadable("recipe has no lines");
        }
        Map<String, Integer> ml = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            JsonNode ingredient = line.get("ingredientId");
            JsonNode amount = line.get("ml");
            if (ingredient == null || !ingredient.isTextual() || ingredient.asText().isBlank()) {
                throw new Unreadable("recipe line " + i + " has no ingredientId");
            }
            if (amount == null || !amount.canConvertToInt() || !amount.isIntegralNumber() || amount.asInt() <= 0) {
                throw new Unreadable("recipe line " + i + " has no positive whole ml");
            }
            ml.merge(ingredient.asText(), amount.asInt(), Integer::sum);
        }
        return ml;
    }
}
