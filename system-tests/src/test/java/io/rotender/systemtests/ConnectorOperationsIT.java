package io.rotender.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rotender.systemtests.client.LocalPlatform;
import io.rotender.systemtests.client.PlatformClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator walkthrough of the README ("Connector operations"), run against the local platform and its POS
 * emulators, as an operator would do it through the admin API:
 * <ol>
 * <li>the Restaumatic of {@code demo-restaumatic} changes its API token: the next order's forward is refused (401)
 * and becomes a POS dead letter, listed with the reason and the POS's answer, and counted in the venue's status;</li>
 * <li>the operator puts the new token in the venue's settings and retries the dead letter: the POS gets the order
 * once, with the same {@code externalOrderId}, and accepts it;</li>
 * <li>a message no consumer can read lands in {@code rotender.orders.events.dlq}: proxy-connectors lists it with the
 * consumer that gave it up and why; a dry run shows what a replay would send; the replay puts it back on its topic
 * with a {@code replayed-from} header, and (still unreadable) it is dead-lettered again, naming the one it came from.</li>
 * </ol>
 * The venue's token is put back at the end.
 */
@Tag("e2e")
class ConnectorOperationsIT {

    private static final String VENUE = "demo-restaumatic";

    private static final LocalPlatform PLATFORM = LocalPlatform.fromEnvironment();
    private final PlatformClient admin = PLATFORM.admin();
    private final String connectors = PLATFORM.connectors();

    @Test
    void aRefusedForwardIsDeadLetteredAndRetriedWithTheNewToken() throws Exception {
        String key = PLATFORM.secret("partner-key-demo-app");
        String orders = PLATFORM.orders();
        String emulator = PLATFORM.posEmulators();
        String original = PLATFORM.secret("restaumatic-api-token");
        String hookToken = PLATFORM.secret("restaumatic-hook-token");
        String rotated = "rotated-" + UUID.randomUUID();

        System.out.println("1. The restaurant changes its Restaumatic API token; the next order is refused");
        admin.expect("POST", emulator + "/emulator/api-token", Map.of("apiToken", rotated), 204);
        try {
            String orderId = PosFlowIT.place(admin, key, VENUE, null);
            JsonNode letter = Waits.json(admin, connectors + "/admin/venues/" + VENUE + "/pos/dead-letters",
                    page -> find(page.path("deadLetters"), "orderId", orderId) != null, "the refused order among the venue's POS dead letters", 45);
            letter = find(letter.path("deadLetters"), "orderId", orderId);
            System.out.printf("   dead letter %s: %s; the POS answered %s; retryable %s%n", orderId, letter.path("reason").asText(),
                    letter.path("lastAnswer").asText(), letter.path("retryable").asText());
            JsonNode venues = admin.expect("GET", connectors + "/admin/pos/status", null, 200).body().path("venues");
            JsonNode status = find(venues, "venueId", VENUE);
            assertNotNull(status, "the venue's POS status: " + venues);
            assertTrue(status.path("deadLettered").asLong() >= 1, "the venue's status counts its dead letter: " + status);
            System.out.printf("   venue status: deadLettered %d, lastError %s%n", status.path("deadLettered").asLong(), status.path("lastError").asText());

            System.out.println("2. The operator puts the new token in the venue's settings and retries");
            connect(rotated, hookToken);
            PlatformClient.Answer retried = admin.call("POST", connectors + "/admin/venues/" + VENUE + "/pos/dead-letters/" + orderId + "/retry",
                    null);
            assertEquals(202, retried.status(), "retry answered: " + retried.body());
            System.out.printf("   retry %s, requested by %s%n", retried.body().path("outcome").asText(), retried.body().path("requestedBy").asText());
            Waits.order(admin, orders, key, VENUE, orderId, o -> "accepted".equals(o.path("pos_status").asText()), "POS state accepted", 30);
            JsonNode seen = admin.expect("GET", emulator + "/emulator/orders", null, 200).body().path("restaumatic").path(orderId);
            assertTrue(seen.path("uuids").size() == 1 && seen.path("requests").asInt() == 1,
                    "the POS took the order once, with one externalOrderId: " + seen);
            System.out.printf("   the POS accepted it, once, with externalOrderId %s%n", seen.path("uuids").get(0).asText());
        } finally {
            admin.expect("POST", emulator + "/emulator/api-token", Map.of("apiToken", original), 204);
            connect(original, hookToken);
        }
    }

    @Test
    void anUnreadableMessageIsDeadLetteredListedAndReplayed() throws Exception {
        String kafka = PLATFORM.kafka();

        System.out.println("3. A message no consumer can read lands in a dead-letter topic, is listed and replayed");
        String eventId = UUID.randomUUID().toString();
        String poisonKey = "ord_poison_" + eventId.substring(0, 8);
        publishUnreadable(kafka, poisonKey, eventId);
        String listing = connectors + "/admin/dead-letters?topic=rotender.orders.events.dlq&limit=1000";
        JsonNode first = find(Waits.json(admin, listing, page -> find(page.path("deadLetters"), "eventId", eventId) != null,
                "the unreadable event in proxy-connectors' dead letters", 45).path("deadLetters"), "eventId", eventId);
        String position = first.path("topic").asText() + "/" + first.path("partition").asInt() + "/" + first.path("offset").asLong();
        assertTrue("proxy-connectors.orders-events".equals(first.path("consumer").asText()) && poisonKey.equals(first.path("key").asText()),
                "listed with its consumer and key: " + first);
        System.out.printf("   %s: %s (%s) given up by %s: %s%n", position, first.path("eventId").asText(), first.path("type").asText(),
                first.path("consumer").asText(), first.path("reason").asText());

        JsonNode dry = admin.expect("POST", connectors + "/admin/dead-letters/replay",
                Map.of("topic", "rotender.orders.events.dlq", "eventIds", List.of(eventId), "dryRun", true), 200).body();
        assertTrue(dry.path("replayed").size() == 1 && position.equals(dry.path("replayed").get(0).path("deadLetter").asText()),
                "the dry run names the one dead letter: " + dry);
        JsonNode done = admin.expect("POST", connectors + "/admin/dead-letters/replay",
                Map.of("topic", "rotender.orders.events.dlq", "eventIds", List.of(eventId)), 200).body();
        assertTrue(done.path("replayed").size() == 1, "one message replayed: " + done);
        System.out.printf("   replayed to %s%n", done.path("replayed").get(0).path("to").asText());
        JsonNode again = Waits.json(admin, listing, page -> letters(page.path("deadLetters"), eventId).size() >= 2,
                "the replayed message dead-lettered again", 45);
        JsonNode second = letters(again.path("deadLetters"), eventId).get(1);
        assertTrue(position.equals(second.path("replayedFrom").asText()), "the second dead letter names the first: " + second);
        assertTrue(letters(again.path("deadLetters"), eventId).size() == 2, "the dry run sent nothing: " + letters(again.path("deadLetters"), eventId));
        System.out.printf("   still unreadable: dead-lettered again at offset %d, replayed from %s%n", second.path("offset").asLong(), position);
    }

    private void connect(String apiToken, String hookToken) {
        admin.expect("PUT", connectors + "/admin/venues/" + VENUE + "/pos", Map.of("pos", "restaumatic", "restaumatic",
                Map.of("baseUrl", "http://localhost:8091", "restaurantId", 466, "apiToken", apiToken, "hookToken", hookToken,
                        "sourceReferenceName", "rotender", "vatLetters", Map.of("gin-tonic", "A"))), 200);
    }

    /** An OrderConfirmed without its order: the contract's record refuses it, so its consumers dead-letter it. */
    private static void publishUnreadable(String kafka, String key, String eventId) throws Exception {
        ObjectNode envelope = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        envelope.put("eventId", eventId).put("type", "OrderConfirmed").put("source", "connector-operations-check")
                .put("aggregateId", key).put("time", Instant.now().toString()).putObject("data").put("change", "Confirmed");
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            ProducerRecord<String, String> record = new ProducerRecord<>("rotender.orders.events", key, envelope.toString());
            record.headers().add("ce_type", "OrderConfirmed".getBytes(StandardCharsets.UTF_8))
                    .add("ce_id", eventId.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.path(field).asText())) {
                return item;
            }
        }
        return null;
    }

    private static List<JsonNode> letters(JsonNode array, String eventId) {
        List<JsonNode> found = new ArrayList<>();
        array.forEach(item -> {
            if (eventId.equals(item.path("eventId").asText())) {
                found.add(item);
            }
        });
        return found;
    }
}
