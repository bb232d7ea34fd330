package io.rotender.menu.catalog;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** One ingredient of a drink and how many millilitres of it one drink takes. */
public record RecipeLine(@NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String ingredientId,
                         @NotNull @Min(1) @Max(2000) Integer ml) {
}
