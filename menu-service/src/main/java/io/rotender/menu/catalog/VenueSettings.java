package io.rotender.menu.catalog;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A venue's operating settings; every field has a default so a venue can be created with none.
 * {@code defaultImageUrl} is the image of its drinks that have none of their own (v1 requires an image on every
 * drink; without either the menu sends {@code rotender.menu.placeholder-image-url}).
 */
public record VenueSettings(@Valid StockThresholds stockThresholds,
                            Boolean requirePosAcceptance,
                            @Min(1) @Max(1440) Integer orderTtlMinutes,
                            @Min(1) @Max(120) Integer paymentHoldMinutes,
                            @Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String defaultImageUrl) {

    public static final VenueSettings DEFAULTS = new VenueSettings(StockThresholds.DEFAULTS, false, 30, 5, null);

    /** These settings with defaults where a field was not given. */
    public VenueSettings withDefaults() {
        return new VenueSettings(stockThresholds != null ? stockThresholds : DEFAULTS.stockThresholds,
                requirePosAcceptance != null ? requirePosAcceptance : DEFAULTS.requirePosAcceptance,
                orderTtlMinutes != null ? orderTtlMinutes : DEFAULTS.orderTtlMinutes,
                paymentHoldMinutes != null ? paymentHoldMinutes : DEFAULTS.paymentHoldMinutes,
                defaultImageUrl);
    }

    /**
     * How many drinks the venue can still pour maps to a stock level: 0 is {@code oos}, up to {@code low}
     * is {@code low}, up to {@code medium} is {@code medium}, more is {@code high}.
     */
    public record StockThresholds(@NotNull @Min(1) @Max(100000) Integer low, @NotNull @Min(1) @Max(100000) Integer medium) {

        public static final StockThresholds DEFAULTS = new StockThresholds(5, 20);

        @AssertTrue(message = "low must not be above medium")
        boolean isOrdered() {
            return low == null || medium == null || low <= medium;
        }
    }
}
