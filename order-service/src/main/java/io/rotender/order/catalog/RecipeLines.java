package io.rotender.order.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.rotender.contracts.units.UnitCommands.RecipeLine;

import java.util.ArrayList;
import java.util.List;

/**
 * A drink's recipe as the {@code Pour} command carries it: one {@code {ingredientId, ml}} per line. A recipe
 * that cannot be read (no lines, a line without ingredient or without positive whole millilitres) is
 * refused: a unit must never be told to pour a drink from nothing.
 */
public final class RecipeLines {

    private RecipeLines() {
    }

    /** The lines of {@code lines}, or an {@link IllegalArgumentException} saying what cannot be read. */
    public static List<RecipeLine> read(JsonNode lines) {
        if (lines == null || !lines.isArray() || lines.isEmpty()) {
            throw new IllegalArgumentException("recipe has no lines");
        }
        List<RecipeLine> read = new ArrayList<>();
        for (JsonNode line : lines) {
            JsonNode ingredient = line.path("ingredientId");
            JsonNode ml = line.path("ml");
            if (!ingredient.isTextual() || ingredient.asText().isBlank() || !ml.isIntegralNumber() || !ml.canConvertToInt() || ml.asInt() <= 0) {
                throw new IllegalArgumentException("recipe line " + read.size() + " needs an ingredientId and a positive whole ml");
            }
            read.add(new RecipeLine(ingredient.asText(), ml.asInt()));
        }
        return read;
    }
}
