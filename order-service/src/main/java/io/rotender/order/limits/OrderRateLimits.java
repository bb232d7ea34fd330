package io.rotender.order.limits;

import io.rotender.platform.ratelimit.RateLimit;
import io.rotender.platform.ratelimit.RateLimiter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Rate limits of the partner order API, per partner and per venue, on placing orders and on code attempts
 * (together with the per-order attempt lock they make guessing codes across many orders slow). Only
 * requests that passed validation count; a refused one is a 429 with {@code Retry-After} and changes nothing.
 * The limits hold per replica (see {@link RateLimiter}).
 */
@ApplicationScoped
public class OrderRateLimits {

    @ConfigMapping(prefix = "rotender.orders.rate-limits")
    public interface Settings {
        @WithDefault("true")
        boolean enabled();

        /** Orders placed per partner (all its venues). */
        RateLimit ordersPerPartner();

        /** Orders placed per venue (all partners). */
        RateLimit ordersPerVenue();

        /** Code attempts per partner. */
        RateLimit codesPerPartner();

        /** Code attempts per venue. */
        RateLimit codesPerVenue();
    }

    private final boolean enabled;
    private final RateLimiter ordersPerPartner;
    private final RateLimiter ordersPerVenue;
    private final RateLimiter codesPerPartner;
    private final RateLimiter codesPerVenue;

    public OrderRateLimits(Settings settings) {
        this.enabled = settings.enabled();
        this.ordersPerPartner = new RateLimiter("orders-per-partner", settings.ordersPerPartner());
        this.ordersPerVenue = new RateLimiter("orders-per-venue", settings.ordersPerVenue());
        this.codesPerPartner = new RateLimiter("codes-per-partner", settings.codesPerPartner());
        this.codesPerVenue = new RateLimiter("codes-per-venue", settings.codesPerVenue());
    }

    /** Throws a 429 problem when the partner or the venue places orders faster than allowed. */
    public void placingOrder(String partnerId, String venueId) {
        if (enabled) {
            ordersPerPartner.check(partnerId, "orders from this partner");
            ordersPerVenue.check(venueId, "orders at this venue");
        }
    }

    /** Throws a 429 problem when the partner or the venue tries codes faster than allowed. */
    public void tryingCode(String partnerId, String venueId) {
        if (enabled) {
            codesPerPartner.check(partnerId, "code attempts from this partner");
            codesPerVenue.check(venueId, "code attempts at this venue");
        }
    }
}
