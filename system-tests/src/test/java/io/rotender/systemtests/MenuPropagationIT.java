package io.rotender.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.rotender.systemtests.client.LocalPlatform;
import io.rotender.systemtests.client.PlatformClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Menu propagation across menu-service, inventory-service and Kafka: a drink with stock for two leaves the partner
 * menu when its last stock is reserved, returns after a release, leaves again and returns after a refill. Prints the
 * propagation delay of each step (from the command or admin call to the menu answering the new state, polling every
 * 5 ms); a step that does not happen within 30 s fails.
 */
@Tag("e2e")
class MenuPropagationIT {

    private static final LocalPlatform PLATFORM = LocalPlatform.fromEnvironment();
    private final PlatformClient client = PLATFORM.admin();

    @Test
    void aDrinkLeavesTheMenuWithItsLastStockAndComesBackWithARelease() throws Exception {
        String menu = PLATFORM.menu();
        String inventory = PLATFORM.inventory();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String venue = "e2e-" + run;
        String unit = venue + "-unit";

        client.expect("PUT", menu + "/admin/venues/" + venue, Map.of("name", "E2E " + run, "currency", "EUR", "timezone", "UTC"), 201);
        client.expect("PUT", menu + "/admin/venues/" + venue + "/ingredients/vodka", Map.of("name", "Vodka"), 201);
        client.expect("PUT", menu + "/admin/venues/" + venue + "/drinks/shot", Map.of("name", "Shot", "price", 5,
                "recipe", List.of(Map.of("ingredientId", "vodka", "ml", 40))), 201);
        client.expect("PUT", inventory + "/admin/venues/" + venue + "/units/" + unit, Map.of("name", "E2E unit",
                "slots", List.of(Map.of("ingredientId", "vodka", "capacityMl", 1000, "levelMl", 80))), 201);
        client.expect("PUT", menu + "/admin/partners/" + venue, Map.of("name", "E2E app", "venues", List.of(venue)), 201);
        String key = client.expect("POST", menu + "/admin/partners/" + venue + "/keys", null, 201).body().get("key").asText();

        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PLATFORM.kafka(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(), ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> kafka = new KafkaProducer<>(config)) {
            // this test's unit is not one the simulator plays: it sends the unit's heartbeat itself
            event(kafka, "rotender.units.events", unit, "Heartbeat", Map.of("unitId", unit));
            Predicate<JsonNode> onMenu = m -> m.path("drinks").findValuesAsText("id").contains("shot");
            await("drink on the menu after the catalog and the unit were set up", venue, key, onMenu, System.nanoTime());

            reserve(kafka, venue, venue + "-o1");
            long sent = System.nanoTime();
            reserve(kafka, venue, venue + "-o2");
            await("drink off the menu after its last stock was reserved", venue, key, onMenu.negate(), sent);

            sent = System.nanoTime();
            event(kafka, "rotender.inventory.commands", venue + "-o2", "ReleaseStock", Map.of("orderId", venue + "-o2", "reason", "cancelled"));
            await("drink back on the menu after a release", venue, key, onMenu, sent);

            reserve(kafka, venue, venue + "-o3");
            await("drink off the menu again", venue, key, onMenu.negate(), System.nanoTime());

            sent = System.nanoTime();
            client.expect("POST", inventory + "/admin/units/" + unit + "/refills", Map.of("ingredientId", "vodka", "addMl", 400), 200);
            await("drink back on the menu after a refill", venue, key, onMenu, sent);
        }
    }

    private void reserve(KafkaProducer<String, String> kafka, String venue, String orderId) throws Exception {
        event(kafka, "rotender.inventory.commands", orderId, "ReserveStock", Map.of("orderId", orderId, "venueId", venue,
                "items", List.of(Map.of("drinkId", "shot", "quantity", 1))));
    }

    private void event(KafkaProducer<String, String> kafka, String topic, String key, String type, Object data) throws Exception {
        Map<String, Object> envelope = Map.of("eventId", UUID.randomUUID().toString(), "type", type,
                "source", "menu-propagation-test", "time", Instant.now().toString(), "aggregateId", key, "data", data);
        kafka.send(new ProducerRecord<>(topic, key, client.mapper().writeValueAsString(envelope))).get();
    }

    private void await(String what, String venue, String key, Predicate<JsonNode> condition, long since) {
        Waits.until(what, Duration.ofSeconds(30), Duration.ofMillis(5), () -> client.call("GET", PLATFORM.menu() + "/venues/" + venue, null, key),
                answer -> answer.status() == 200 && condition.test(answer.body()));
        System.out.printf("%-60s %6d ms%n", what, (System.nanoTime() - since) / 1_000_000);
    }
}
