package io.rotender.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.rotender.systemtests.client.LocalPlatform;
import io.rotender.systemtests.client.PlatformClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tracing on the local platform run with {@code ROTENDER_LOCAL_TRACES=true} (skipped when its trace sink does not
 * answer, unless {@code ROTENDER_LOCAL_TRACES=true} is set here too): a partner app places
 * an order in a trace of its own ({@code traceparent} on the POST), the customer's code is sent, the unit pours; then the
 * trace sink must hold that one trace with the spans of every hop, across services: order-service's POST and its
 * publish of ReserveStock, inventory-service applying it and publishing its answer, order-service applying the answer
 * and publishing ShowCode, the pour joining the order's trace, and the unit's Poured applied by order-service and
 * inventory-service. Any missing span fails.
 */
@Tag("e2e")
class TracesIT {

    /** Each hop: the service that must have written a span whose name starts so in the order's trace. */
    private static final List<List<String>> HOPS = List.of(
            List.of("order-service", "POST /venues/"),
            List.of("order-service", "rotender.inventory.commands publish"),
            List.of("inventory-service", "rotender.inventory.commands process"),
            List.of("inventory-service", "rotender.inventory.events publish"),
            List.of("order-service", "rotender.inventory.events process"),
            List.of("order-service", "rotender.units.commands publish"),
            List.of("order-service", "order ready"),
            List.of("order-service", "rotender.units.events process"),
            List.of("inventory-service", "rotender.units.events process"),
            List.of("order-service", "rotender.orders.events publish"));

    private static final LocalPlatform PLATFORM = LocalPlatform.fromEnvironment();

    @Test
    void oneOrderIsOneTraceAcrossTheServicesAndTheUnit() throws Exception {
        PlatformClient admin = PLATFORM.admin();
        String sink = PLATFORM.traceSink();
        assumeTrue("true".equals(System.getenv("ROTENDER_LOCAL_TRACES")) || answers(admin, sink),
                "the platform runs without its trace sink (ROTENDER_LOCAL_TRACES=true deploy/local/run starts it)");

        String traceId = HexFormat.of().formatHex(random(16));
        String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(random(8)) + "-01";
        String orderId = DemoBar.pourAVodkaSoda(PLATFORM, "Trace", Map.of("traceparent", traceparent));

        JsonNode spans = Waits.latest("every hop's span in trace " + traceId, Duration.ofSeconds(30), Duration.ofMillis(250),
                () -> admin.call("GET", sink + "/traces/" + traceId, null).body(), found -> missing(found).isEmpty());
        Set<String> missing = missing(spans);
        Map<String, Integer> byService = new TreeMap<>();
        if (spans != null) {
            spans.forEach(span -> byService.merge(span.path("service").asText(), 1, Integer::sum));
        }
        System.out.printf("trace %s of order %s: %d spans %s%n", traceId, orderId, spans == null ? 0 : spans.size(), byService);
        assertTrue(missing.isEmpty(), "the order's trace lacks " + missing);
    }

    /** The hops without a span in {@code spans}, as "service: span name". */
    private static Set<String> missing(JsonNode spans) {
        Set<String> missing = new TreeSet<>();
        for (List<String> hop : HOPS) {
            boolean found = false;
            for (JsonNode span : spans) {
                found |= hop.get(0).equals(span.path("service").asText()) && span.path("name").asText().startsWith(hop.get(1));
            }
            if (!found) {
                missing.add(hop.get(0) + ": " + hop.get(1));
            }
        }
        return missing;
    }

    private static boolean answers(PlatformClient client, String sink) {
        try {
            return client.call("GET", sink + "/traces/" + "0".repeat(31) + "1", null).status() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static byte[] random(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zeros, which W3C calls invalid
        return b;
    }
}
