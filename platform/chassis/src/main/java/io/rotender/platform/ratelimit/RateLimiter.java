package io.rotender.platform.ratelimit;

import io.rotender.platform.problem.ProblemException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets per key (a partner, a venue): {@code burst} requests at once, refilled at
 * {@code perSecond}. A refused request learns when the next token arrives, which becomes the
 * {@code Retry-After} of a 429. Buckets live in this process: with N replicas behind a load balancer a key
 * gets up to N times the rate, which the configured rates account for. Idle buckets are dropped once more
 * than {@code maxKeys} exist, so hostile key churn cannot grow memory without bound.
 */
public final class RateLimiter {

    private final String name;
    private final double perSecond;
    private final double burst;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(String name, double perSecond, int burst, int maxKeys, LongSupplier nanoTime) {
        if (perSecond <= 0 || burst < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("rate limit " + name + " needs a positive rate, burst and key bound");
        }
        this.name = name;
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxKeys = maxKeys;
        this.nanoTime = nanoTime;
    }

    public RateLimiter(String name, RateLimit limit) {
        this(name, limit.perSecond(), limit.burst(), limit.maxKeys(), System::nanoTime);
    }

    /** Takes a token for the key: 0 when allowed, otherwise the whole seconds to wait (at least 1). */
    public long acquire(String key) {
        long now = nanoTime.getAsLong();
        if (buckets.size() >= maxKeys && !buckets.containsKey(key)) {
            evictIdle(now);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.refill(now, perSecond, burst);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            double waitSeconds = (1 - bucket.tokens) / perSecond;
            return Math.max(1, (long) Math.ceil(waitSeconds));
        }
    }

    /** As {@link #acquire(String)}, throwing a 429 problem with {@code Retry-After} when refused. */
    public void check(String key, String what) {
        long wait = acquire(key);
        if (wait > 0) {
            throw new ProblemException(429, "rate-limited", "Too Many Requests",
                    "Too many " + what + "; retry after " + wait + " s")
                    .with("limit", name)
                    .withHeader("Retry-After", Long.toString(wait));
        }
    }

    int keys() {
        return buckets.size();
    }

    private void evictIdle(long now) {
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                e.getValue().refill(now, perSecond, burst);
                return e.getValue().tokens >= burst;
            }
        });
        if (buckets.size() >= maxKeys) { // all busy: drop the whole table rather than grow (limits reset)
            buckets.clear();
        }
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }

        void refill(long now, double perSecond, double burst) {
            if (now > updated) {
                tokens = Math.min(burst, tokens + (now - updated) / 1e9 * perSecond);
                updated = now;
            }
        }
    }
}
