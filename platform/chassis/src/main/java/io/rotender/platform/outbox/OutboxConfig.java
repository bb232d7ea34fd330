package io.rotender.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the transactional outbox and its relay to Kafka. */
@ConfigMapping(prefix = "rotender.outbox")
public interface OutboxConfig {

    /** Whether this instance relays outbox rows to Kafka (every replica may; they take turns). */
    @WithDefault("true")
    boolean relayEnabled();

    /**
     * How often the relay looks for unsent rows when nothing woke it (the safety net: a commit of this replica hands its
     * rows over, a notification announces another writer's, a failed round retries itself a second later), and how
     * often the pending-rows gauges are refreshed.
     */
    @WithDefault("5s")
    Duration pollInterval();

    /** How many rows one relay round sends before it marks them sent. */
    @WithDefault("200")
    int batchSize();

    /** How long the relay waits for the broker to acknowledge a batch before it retries the batch. */
    @WithDefault("30s")
    Duration sendTimeout();

    /**
     * How long sent rows are kept for inspection before they are deleted; zero (the default): a row is deleted in the
     * relay's round that sent it, once Kafka acknowledged it (the topic keeps the event, and the relay's index scans
     * stay short).
     */
    @WithDefault("0s")
    Duration retention();

    /** How often sent rows older than the retention are deleted. */
    @WithDefault("10m")
    Duration cleanupInterval();

    /**
     * The topics this service publishes to (its Kafka ACLs grant write on exactly these, checked by
     * {@code deploy/k8s/check}); publishing to another is refused. Unset: any topic (the chassis' own tests).
     */
    java.util.Optional<java.util.Set<String>> topics();

    /** The PostgreSQL channel on which a commit that wrote outbox rows wakes the relays of every replica. */
    @WithDefault("rotender_outbox")
    String notifyChannel();
}
