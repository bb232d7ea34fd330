package io.rotender.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.rotender.systemtests.client.LocalPlatform;
import io.rotender.systemtests.client.PlatformClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The POS connectors on the running platform with the POS emulators: an order of the Restaumatic venue and one of
 * the PORTOS venue each reach POS state {@code accepted}; an order the POS rejects before the pour is cancelled and
 * its stock released. Prints how long each POS answer took.
 */
@Tag("e2e")
class PosFlowIT {

    private static final LocalPlatform PLATFORM = LocalPlatform.fromEnvironment();
    private final PlatformClient client = PLATFORM.admin();
    private final String key = PLATFORM.secret("partner-key-demo-app");

    @ParameterizedTest
    @ValueSource(strings = {"demo-restaumatic", "demo-portos"})
    void thePosAcceptsAnOrderAndItsRejectionCancelsAnother(String venue) throws Exception {
        String accepted = place(client, key, venue, null);
        long start = System.nanoTime();
        Waits.order(client, PLATFORM.orders(), key, venue, accepted, o -> "accepted".equals(o.path("pos_status").asText()),
                "POS state accepted", 30);
        System.out.printf("%s: order reached POS state accepted in %d ms%n", venue, (System.nanoTime() - start) / 1_000_000);

        String unit = venue + "-unit";
        int reservedBefore = reservedGin(venue, unit);
        String rejected = place(client, key, venue, "please reject this one");
        Waits.order(client, PLATFORM.orders(), key, venue, rejected, o -> "cancelled".equals(o.path("status").asText())
                && "rejected".equals(o.path("pos_status").asText()), "cancelled after the POS rejected it", 30);
        int reservedAfter = Waits.latest(venue + ": the rejected order's stock released", Duration.ofSeconds(20), Duration.ofMillis(50),
                () -> reservedGin(venue, unit), reserved -> reserved == reservedBefore);
        assertEquals(reservedBefore, reservedAfter, venue + ": the rejected order's stock is released (ml of gin reserved)");
        System.out.printf("%s: a POS rejection before the pour cancelled the order and released its stock%n", venue);
    }

    /** A partner's gin and tonic at a POS venue, with a note for the POS when given; its order id. */
    static String place(PlatformClient client, String key, String venue, String note) {
        Map<String, Object> body = new HashMap<>(Map.of("venue_id", venue, "customer", Map.of("first_name", "Ada", "last_name", "Lovelace"),
                "drink_id", "gin-tonic"));
        if (note != null) {
            body.put("note", note);
        }
        return client.expectAs(key, "POST", PLATFORM.orders() + "/venues/" + venue + "/orders", body, 201).body().get("id").asText();
    }

    private int reservedGin(String venue, String unit) {
        for (JsonNode slot : client.call("GET", PLATFORM.inventory() + "/admin/venues/" + venue + "/units/" + unit, null).body().path("slots")) {
            if ("gin".equals(slot.path("ingredientId").asText())) {
                return slot.path("reservedMl").asInt();
            }
        }
        return -1;
    }
}
