package io.rotender.menu.catalog;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;

/** Body of {@code PUT /admin/venues/{venueId}/drinks/{drinkId}}. */
public record DrinkRequest(@NotBlank @Size(max = 120) String name,
                           @Size(max = 1000) String description,
                           @Size(max = 60) String category,
                           @NotNull @DecimalMin(value = "0.00", message = "must not be negative")
                           @DecimalMax("100000.00") @Digits(integer = 8, fraction = 2) BigDecimal price,
                           @Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String imageUrl,
                           Boolean alcoholic,
                           Boolean active,
                           @NotEmpty(message = "must name at least one ingredient") @Size(max = 20) List<@NotNull @Valid RecipeLine> recipe) {
}
