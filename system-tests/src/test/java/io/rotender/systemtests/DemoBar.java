package io.rotender.systemtests;

import io.rotender.systemtests.client.LocalPlatform;
import io.rotender.systemtests.client.PlatformClient;

import java.util.Map;

/** The demo venue as its demo partner app uses it: a customer orders a vodka soda and sends the code from the unit's screen. */
final class DemoBar {

    static final String VENUE = "demo-bar";

    private DemoBar() {
    }

    /**
     * A vodka soda for {@code lastName}, placed (with {@code headers}, a {@code traceparent} say) and set ready with
     * the code the unit shows, so the unit pours it; its order id.
     */
    static String pourAVodkaSoda(LocalPlatform platform, String lastName, Map<String, String> headers) throws InterruptedException {
        PlatformClient client = platform.admin();
        String key = platform.secret("partner-key-demo-app");
        String orders = platform.orders() + "/venues/" + VENUE + "/orders";
        PlatformClient.Answer placed = client.call("POST", orders, Map.of("venue_id", VENUE,
                "customer", Map.of("first_name", "Ada", "last_name", lastName), "drink_id", "vodka-soda"), key, headers);
        if (placed.status() != 201) {
            throw new AssertionError("POST answered " + placed.status() + ": " + placed.body());
        }
        String orderId = placed.body().path("id").asText();
        String code = Waits.codeOnScreen(client, platform.unitSimulator(), placed.body().path("unit_id").asText(), orderId);
        client.expectAs(key, "PUT", orders + "/" + orderId, Map.of("status", "ready", "code", code), 200);
        return orderId;
    }
}
