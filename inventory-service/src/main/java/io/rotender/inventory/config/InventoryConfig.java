package io.rotender.inventory.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** inventory-service settings. */
@ConfigMapping(prefix = "rotender.inventory")
public interface InventoryConfig {

    /** A unit without a heartbeat for this long is offline: its stock is not offered or reserved. */
    @WithDefault("60s")
    Duration offlineAfter();

    /**
     * Whether a unit counts as online before its first heartbeat (for a platform run without unit
     * software or simulator). Production keeps the default: no heartbeat, no sales.
     */
    @WithDefault("false")
    boolean onlineWithoutHeartbeat();

    /** How often offline units and expired reservations are looked for. */
    @WithDefault("5s")
    Duration sweepInterval();

    /**
     * A unit is swept only if this service's group has read its partition of the units' events up to what
     * was there this long ago (the consumer commits every few seconds; see UnitEventsLag).
     */
    @WithDefault("10s")
    Duration sweepLagBar();

    /** How long a reservation holds stock when ReserveStock names no expiry. */
    @WithDefault("35m")
    Duration defaultHold();

    /** Stock level thresholds used until the catalog names the venue's own. */
    @WithDefault("5")
    int defaultLowThreshold();

    @WithDefault("20")
    int defaultMediumThreshold();

    /**
     * How long after a change the venue's availability is recomputed: changes within it are recomputed
     * together (the delay before the menu sees a change is this plus the hop through Kafka).
     */
    @WithDefault("50ms")
    Duration availabilityDebounce();

    /**
     * How often venues marked for a refresh are looked for: a commit of this replica wakes its refresh at once, so this
     * catches the marks of a replica that died before refreshing them.
     */
    @WithDefault("5s")
    Duration availabilityPollInterval();
}
