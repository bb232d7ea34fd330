package io.rotender.platform.ratelimit;

import io.rotender.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private void advanceMillis(long millis) {
        now.addAndGet(millis * 1_000_000L);
    }

    @Test
    void allowsTheBurstThenRefusesWithTheWaitUntilTheNextToken() {
        RateLimiter limiter = new RateLimiter("orders", 0.5, 3, 100, now::get);
        assertThat(limiter.acquire("venue-1")).isZero();
        assertThat(limiter.acquire("venue-1")).isZero();
        assertThat(limiter.acquire("venue-1")).isZero();
        assertThat(limiter.acquire("venue-1")).isEqualTo(2); // one token every 2 s
        assertThat(limiter.acquire("venue-2")).as("keys are limited separately").isZero();
        advanceMillis(1000);
        assertThat(limiter.acquire("venue-1")).isEqualTo(1);
        advanceMillis(1000);
        assertThat(limiter.acquire("venue-1")).isZero();
        assertThat(limiter.acquire("venue-1")).isEqualTo(2);
    }

    @Test
    void refillsNoMoreThanTheBurst() {
        RateLimiter limiter = new RateLimiter("codes", 10, 2, 100, now::get);
        advanceMillis(60_000);
        assertThat(limiter.acquire("p")).isZero();
        assertThat(limiter.acquire("p")).isZero();
        assertThat(limiter.acquire("p")).isEqualTo(1);
    }

    @Test
    void aRefusalIsA429ProblemWithRetryAfter() {
        RateLimiter limiter = new RateLimiter("orders-per-venue", 1, 1, 100, now::get);
        limiter.check("v", "orders at this venue");
        assertThatThrownBy(() -> limiter.check("v", "orders at this venue"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.headers()).containsEntry("Retry-After", "1");
                    assertThat(e.toProblem("/x").getDetail()).contains("orders at this venue");
                });
    }

    @Test
    void idleKeysAreDroppedSoKeyChurnCannotGrowMemory() {
        RateLimiter limiter = new RateLimiter("orders", 1, 2, 10, now::get);
        for (int i = 0; i < 1000; i++) {
            limiter.acquire("key-" + i);
            advanceMillis(5000);
        }
        assertThat(limiter.keys()).isLessThanOrEqualTo(10);
    }
}
