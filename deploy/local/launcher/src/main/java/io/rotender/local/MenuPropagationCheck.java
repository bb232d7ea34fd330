package io.rotender.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * End-to-end check against the running platform (menu-service, inventory-service, Kafka): a drink with
 * stock for two leaves the partner menu when its last stock is reserved, returns after a release, leaves
 * again and returns after a refill. Prints the propagation delay of each step (from the command or admin
 * call to the menu answering the new state, polling every 5 ms) and exits non-zero if a step does not
 * happen within 30 s.
 * <p>
 * Usage: {@code MenuPropagationCheck <admin-token-file> <kafka-bootstrap> [menu-url] [inventory-url]}
 */
public final class MenuPropagationCheck {

    private MenuPropagationCheck() {
    }

    public static void main(String[] args) throws Exception {
        AdminClient admin = new AdminClient(Files.readString(Path.of(args[0])).strip());
        String bootstrap = args[1];
        String menu = args.length > 2 ? args[2] : "http://localhost:8081";
        String inventory = args.length > 3 ? args[3] : "http://localhost:8082";
        String run = UUID.randomUUID().toString().substring(0, 8);
        String venue = "e2e-" + run;
        String unit = venue + "-unit";

        admin.expect("PUT", menu + "/admin/venues/" + venue, Map.of("name", "E2E " + run, "currency", "EUR", "timezone", "UTC"), 201);
        admin.expect("PUT", menu + "/admin/venues/" + venue + "/ingredients/vodka", Map.of("name", "Vodka"), 201);
        admin.expect("PUT", menu + "/admin/venues/" + venue + "/drinks/shot", Map.of("name", "Shot", "price", 5,
                "recipe", List.of(Map.of("ingredientId", "vodka", "ml", 40))), 201);
        admin.expect("PUT", inventory + "/admin/venues/" + venue + "/units/" + unit, Map.of("name", "E2E unit",
                "slots", List.of(Map.of("ingredientId", "vodka", "capacityMl", 1000, "levelMl", 80))), 201);
        admin.expect("PUT", menu + "/admin/partners/" + venue, Map.of("name", "E2E app", "venues", List.of(venue)), 201);
        String key = admin.expect("POST", menu + "/admin/partners/" + venue + "/keys", null, 201).body().get("key").asText();

        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> kafka = new KafkaProducer<>(props)) {
            // this check's unit is not one the simulator plays: it sends the unit's heartbeat itself
            event(kafka, admin, "rotender.units.events", unit, "Heartbeat", Map.of("unitId", unit));
            Predicate<JsonNode> onMenu = m -> m.path("drinks").findValuesAsText("id").contains("shot");
            long t0 = System.nanoTime();
            await("drink on the menu after the catalog and the unit were set up", admin, menu, venue, key, onMenu, t0);

            command(kafka, admin, venue + "-o1", "ReserveStock", Map.of("orderId", venue + "-o1", "venueId", venue,
                    "items", List.of(Map.of("drinkId", "shot", "quantity", 1))));
            long sent = System.nanoTime();
            command(kafka, admin, venue + "-o2", "ReserveStock", Map.of("orderId", venue + "-o2", "venueId", venue,
                    "items", List.of(Map.of("drinkId", "shot", "quantity", 1))));
            await("drink off the menu after its last stock was reserved", admin, menu, venue, key, onMenu.negate(), sent);

            sent = System.nanoTime();
            command(kafka, admin, venue + "-o2", "ReleaseStock", Map.of("orderId", venue + "-o2", "reason", "cancelled"));
            await("drink back on the menu after a release", admin, menu, venue, key, onMenu, sent);

            command(kafka, admin, venue + "-o3", "ReserveStock", Map.of("orderId", venue + "-o3", "venueId", venue,
                    "items", List.of(Map.of("drinkId", "shot", "quantity", 1))));
            await("drink off the menu again", admin, menu, venue, key, onMenu.negate(), System.nanoTime());

            sent = System.nanoTime();
            admin.expect("POST", inventory + "/admin/units/" + unit + "/refills", Map.of("ingredientId", "vodka", "addMl", 400), 200);
            await("drink back on the menu after a refill", admin, menu, venue, key, onMenu, sent);
        }
        System.out.println("menu propagation check passed");
    }

    private static void command(KafkaProducer<String, String> kafka, AdminClient admin, String orderId, String type,
                                Object data) throws Exception {
        event(kafka, admin, "rotender.inventory.commands", orderId, type, data);
    }

    private static void event(KafkaProducer<String, String> kafka, AdminClient admin, String topic, String key, String type,
                              Object data) throws Exception {
        Map<String, Object> envelope = Map.of("eventId", UUID.randomUUID().toString(), "type", type,
                "source", "menu-propagation-check", "time", Instant.now().toString(), "aggregateId", key, "data", data);
        kafka.send(new ProducerRecord<>(topic, key, admin.mapper().writeValueAsString(envelope))).get();
    }

    private static void await(String what, AdminClient admin, String menu, String venue, String key, Predicate<JsonNode> condition,
                              long since) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            AdminClient.Answer answer = admin.call("GET", menu + "/venues/" + venue, null, key);
            if (answer.status() == 200 && condition.test(answer.body())) {
                System.out.printf("%-60s %6d ms%n", what, (System.nanoTime() - since) / 1_000_000);
                return;
            }
            Thread.sleep(5);
        }
        System.out.println("FAILED: " + what + " did not happen within 30 s");
        System.exit(1);
    }
}
