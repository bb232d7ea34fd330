package io.rotender.order.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** order-service settings. */
@ConfigMapping(prefix = "rotender.orders")
public interface OrderConfig {

    /** How long POST waits for the reservation before answering 202 pending. */
    @WithDefault("2s")
    Duration reservationWait();

    /**
     * Key of the HMAC that stores confirmation codes ({@code ROTENDER_ORDERS_CODE_SECRET}): without it a
     * leaked table would not reveal codes. At least 32 characters.
     */
    String codeSecret();

    /** Wrong codes accepted before the order is locked until venue staff reissue a code. */
    @WithDefault("5")
    int maxCodeAttempts();

    /** How often expired orders are looked for. */
    @WithDefault("5s")
    Duration sweepInterval();

    /** Extra hold inventory-service keeps beyond the order's own expiry, as a safety net. */
    @WithDefault("5m")
    Duration reservationMargin();
}
