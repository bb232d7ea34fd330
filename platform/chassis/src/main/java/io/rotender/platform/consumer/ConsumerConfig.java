package io.rotender.platform.consumer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How idempotent consumers retry before a message goes to its dead-letter topic. */
@ConfigMapping(prefix = "rotender.consumer")
public interface ConsumerConfig {

    /**
     * Retries of a message whose processing failed for a reason that is not known to pass (a bug, a broken
     * invariant); after them it goes to the dead-letter topic.
     */
    @WithDefault("3")
    int maxRetries();

    /** First pause between retries; it doubles up to {@link #maxBackoff()}. */
    @WithDefault("100ms")
    Duration initialBackoff();

    /** Longest pause between retries. Transient failures (database down) are retried without limit. */
    @WithDefault("10s")
    Duration maxBackoff();
}
