package io.rotender.connectors.settings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

/** Body of {@code PUT /admin/venues/{venueId}/pos}. Secrets are write-only: never answered back. */
public record PosSettingsRequest(@NotNull @Pattern(regexp = "restaumatic|portos", message = "must be restaumatic or portos") String pos,
                                 @Valid Restaumatic restaumatic,
                                 @Valid Portos portos) {

    @AssertTrue(message = "the settings of the chosen pos (restaumatic or portos) are required")
    boolean isComplete() {
        return "restaumatic".equals(pos) ? restaumatic != null : portos != null;
    }

    /** PORTOS polls us with {@code key}; each drink may name its PORTOS product id. */
    public record Portos(@NotBlank @Size(min = 16, max = 300) String apiKey,
                         Map<@Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String, @NotBlank @Size(max = 64) String> productIds,
                         @Min(1) @Max(500) Integer pageSize) {
    }

    public record Restaumatic(@NotBlank @Size(max = 300) @Pattern(regexp = "https?://[^\\s]+", message = "must be an http(s) URL") String baseUrl,
                              @NotNull @Min(1) @Max(Long.MAX_VALUE) Long restaurantId,
                              @NotBlank @Size(min = 8, max = 300) String apiToken,
                              @NotBlank @Size(min = 16, max = 300) String hookToken,
                              @Size(max = 100) String sourceReferenceName,
                              Map<@Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String, @Pattern(regexp = "[A-G]", message = "must be a VAT letter A-G") String> vatLetters,
                              @Pattern(regexp = "[A-G]", message = "must be a VAT letter A-G") String defaultVatLetter) {
    }
}
