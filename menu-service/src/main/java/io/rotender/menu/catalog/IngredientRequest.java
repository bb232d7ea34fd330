package io.rotender.menu.catalog;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code PUT /admin/venues/{venueId}/ingredients/{ingredientId}}. */
public record IngredientRequest(@NotBlank @Size(max = 80) String name) {
}
