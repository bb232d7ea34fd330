package io.rotender.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.rotender.systemtests.client.PlatformClient;

import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/** What the system tests wait for on a running platform: each polls until it holds, and fails naming the last thing seen. */
final class Waits {

    private Waits() {
    }

    /** The code on the unit simulator's screen for {@code orderId}, as the customer reads it; fails after 20 s without. */
    static String codeOnScreen(PlatformClient client, String simulator, String unitId, String orderId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            PlatformClient.Answer screen = client.call("GET", simulator + "/units/" + unitId + "/screen", null);
            if (screen.status() == 200 && orderId.equals(screen.body().path("order_id").asText())) {
                return screen.body().get("code").asText();
            }
            Thread.sleep(10);
        }
        return fail("the code of " + orderId + " never appeared on " + unitId + "'s screen");
    }

    /** The partner's view of an order once {@code condition} holds on it; fails after {@code seconds}. */
    static JsonNode order(PlatformClient client, String orders, String key, String venue, String orderId, Predicate<JsonNode> condition,
                          String what, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        JsonNode last = null;
        while (System.currentTimeMillis() < deadline) {
            last = client.call("GET", orders + "/venues/" + venue + "/orders/" + orderId, null, key).body();
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        return fail(venue + ": order " + orderId + " never got " + what + "; last seen " + last);
    }

    /** An admin GET's JSON once {@code done} holds on it; fails after {@code seconds}. */
    static JsonNode json(PlatformClient client, String url, Predicate<JsonNode> done, String what, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        JsonNode last = null;
        while (System.currentTimeMillis() < deadline) {
            PlatformClient.Answer answer = client.call("GET", url, null);
            last = answer.body();
            if (answer.status() == 200 && done.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        return fail("never saw " + what + "; last answer " + last);
    }
}
