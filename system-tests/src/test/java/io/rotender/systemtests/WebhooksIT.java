package io.rotender.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.rotender.systemtests.client.LocalPlatform;
import io.rotender.systemtests.client.PlatformClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Partner webhooks on the running platform: the demo partner subscribes an endpoint on the
 * emulators' receiver, a demo order goes from POST to poured (code from the unit's screen), and the receiver must get
 * {@code order.confirmed}, {@code order.ready} and {@code order.poured} for it, in that order, each signed as the
 * Standard Webhooks specification says (checked here with this check's own HMAC, not the platform's), within the
 * signature's 5-minute tolerance. Prints the delivery delay of each (the event's time to the receiver's, one machine clock).
 * The endpoint is deleted at the end.
 */
@Tag("e2e")
class WebhooksIT {

    private static final String PARTNER = "demo-app";

    private static final LocalPlatform PLATFORM = LocalPlatform.fromEnvironment();

    @Test
    void aDemoOrdersWebhooksArriveSignedAndInOrder() throws Exception {
        PlatformClient admin = PLATFORM.admin();
        String key = PLATFORM.secret("partner-key-demo-app");
        String menu = PLATFORM.menu();
        String emulator = PLATFORM.posEmulators();

        String path = "/webhooks/" + PARTNER + "-" + Long.toHexString(System.nanoTime());
        JsonNode endpoint = admin.expect("POST", menu + "/admin/partners/" + PARTNER + "/webhooks", Map.of("url",
                emulator.replace("localhost", "127.0.0.1") + path, "events", List.of("order.confirmed", "order.ready", "order.poured")), 201).body();
        String id = endpoint.path("id").asText();
        String secret = endpoint.path("secret").asText();
        assertTrue(secret.startsWith("whsec_"), "the endpoint's secret is answered once, whsec_: " + endpoint.path("secret"));
        try {
            String orderId = DemoBar.pourAVodkaSoda(PLATFORM, "Hook", Map.of());

            List<JsonNode> hooks = Waits.latest("the order's three webhooks", Duration.ofSeconds(30), Duration.ofMillis(100),
                    () -> received(admin, emulator, path, orderId), received -> received.size() >= 3);
            List<String> types = new ArrayList<>();
            for (JsonNode hook : hooks) {
                JsonNode body = admin.mapper().readTree(hook.path("body").asText());
                types.add(body.path("type").asText());
                String webhookId = hook.at("/headers/webhook-id").asText();
                long timestamp = Long.parseLong(hook.at("/headers/webhook-timestamp").asText());
                assertTrue(Math.abs(Instant.now().getEpochSecond() - timestamp) < 300, "webhook-timestamp within 5 minutes: " + timestamp);
                assertTrue(signedBy(secret, webhookId, timestamp, hook.path("body").asText(), hook.at("/headers/webhook-signature").asText()),
                        "the signature of " + webhookId + " verifies with the endpoint's secret");
                assertTrue(webhookId.equals(body.path("id").asText()) && !hook.path("body").asText().contains("\"code\""),
                        "the body names its webhook-id and never carries the code");
                long delay = Instant.parse(hook.path("received_at").asText()).toEpochMilli()
                        - Instant.parse(body.path("timestamp").asText()).toEpochMilli();
                System.out.printf("   %s %s: signed, received %d ms after the event%n", webhookId, body.path("type").asText(), delay);
            }
            assertEquals(List.of("order.confirmed", "order.ready", "order.poured"), types, "the order's webhooks, in order");
            JsonNode log = admin.call("GET", menu + "/partner/webhooks/" + id + "/deliveries", null, key).body();
            assertTrue(log.path("attempts").size() >= 3, "the partner reads its delivery log: " + log.path("attempts"));
            System.out.printf("demo order %s: order.confirmed, order.ready, order.poured delivered in order, signed; the partner's log "
                    + "shows %d attempts%n", orderId, log.path("attempts").size());
        } finally {
            admin.call("DELETE", menu + "/admin/partners/" + PARTNER + "/webhooks/" + id, null);
        }
    }

    /** The Standard Webhooks signature, computed here independently: any v1 signature of the header must match. */
    static boolean signedBy(String secret, String id, long timestamp, String body, String header) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        for (String part : header.split(" ")) {
            if (part.equals("v1," + expected)) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> received(PlatformClient admin, String emulator, String path, String orderId) throws Exception {
        List<JsonNode> mine = new ArrayList<>();
        for (JsonNode hook : admin.call("GET", emulator + "/emulator/webhooks", null).body()) {
            if (path.equals(hook.path("path").asText()) && hook.path("body").asText().contains("\"" + orderId + "\"")) {
                mine.add(hook);
            }
        }
        return mine;
    }
}
