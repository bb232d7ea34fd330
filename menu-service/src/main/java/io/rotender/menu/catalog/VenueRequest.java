package io.rotender.menu.catalog;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code PUT /admin/venues/{venueId}}. */
public record VenueRequest(@NotBlank @Size(max = 120) String name,
                           @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
                           @NotNull @Size(max = 64) String timezone,
                           @Valid VenueSettings settings) {
}
