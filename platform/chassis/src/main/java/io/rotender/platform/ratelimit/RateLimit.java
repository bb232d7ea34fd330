package io.rotender.platform.ratelimit;

import io.smallrye.config.WithDefault;

/** The settings of one rate limit, a group inside a service's own {@code @ConfigMapping}. */
public interface RateLimit {

    /** Sustained requests per second per key. */
    double perSecond();

    /** Requests allowed at once per key. */
    int burst();

    /** How many keys are tracked before idle ones are dropped. */
    @WithDefault("10000")
    int maxKeys();
}
