package io.rotender.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.rotender.systemtests.client.PlatformClient;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/** What the system tests wait for on a running platform: each polls (Awaitility) until it holds, and fails naming the last thing seen. */
final class Waits {

    private Waits() {
    }

    /** {@code read} every {@code every} until {@code done} holds on its value (returned); fails after {@code atMost} naming the last value. */
    static <T> T until(String what, Duration atMost, Duration every, Callable<T> read, Predicate<T> done) {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            return poll(what, atMost, every, read, done, last);
        } catch (ConditionTimeoutException e) {
            return fail(what + " did not happen within " + atMost.toSeconds() + " s; last seen " + last.get());
        }
    }

    /** As {@link #until}, but after {@code atMost} the last value is returned, for the caller to judge and print. */
    static <T> T latest(String what, Duration atMost, Duration every, Callable<T> read, Predicate<T> done) {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            return poll(what, atMost, every, read, done, last);
        } catch (ConditionTimeoutException e) {
            return last.get();
        }
    }

    private static <T> T poll(String what, Duration atMost, Duration every, Callable<T> read, Predicate<T> done, AtomicReference<T> last) {
        return Awaitility.await(what).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(every).until(() -> {
            T value = read.call();
            last.set(value);
            return value;
        }, done);
    }

    /** The code on the unit simulator's screen for {@code orderId}, as the customer reads it; fails after 20 s without. */
    static String codeOnScreen(PlatformClient client, String simulator, String unitId, String orderId) {
        PlatformClient.Answer screen = until("the code of " + orderId + " on " + unitId + "'s screen", Duration.ofSeconds(20),
                Duration.ofMillis(10), () -> client.call("GET", simulator + "/units/" + unitId + "/screen", null),
                s -> s.status() == 200 && orderId.equals(s.body().path("order_id").asText()));
        return screen.body().get("code").asText();
    }

    /** The partner's view of an order once {@code condition} holds on it; fails after {@code seconds}. */
    static JsonNode order(PlatformClient client, String orders, String key, String venue, String orderId, Predicate<JsonNode> condition,
                          String what, int seconds) {
        return until(venue + ": order " + orderId + " got " + what, Duration.ofSeconds(seconds), Duration.ofMillis(50),
                () -> client.call("GET", orders + "/venues/" + venue + "/orders/" + orderId, null, key).body(), condition);
    }

    /** An admin GET's JSON once {@code done} holds on it; fails after {@code seconds}. */
    static JsonNode json(PlatformClient client, String url, Predicate<JsonNode> done, String what, int seconds) {
        return until("saw " + what, Duration.ofSeconds(seconds), Duration.ofMillis(250), () -> client.call("GET", url, null),
                a -> a.status() == 200 && done.test(a.body())).body();
    }
}
