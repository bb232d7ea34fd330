package io.rotender.inventory.availability;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a stored recipe ({@code {"lines": [{"ingredientId", "ml"}]}}) as ingredient to millilitres. */
public final class Recipes {

    private Recipes() {
    }

    public static Map<String, Integer> millilitres(JsonNode recipe) {
        Map<String, Integer> ml = new LinkedHashMap<>();
        if (recipe != null && recipe.has("lines")) {
            for (JsonNode line : recipe.get("lines")) {
                ml.merge(line.get("ingredientId").asText(), line.get("ml").asInt(), Integer::sum);
            }
        }
        return ml;
    }
}
