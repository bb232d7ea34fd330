package io.rotender.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.specification.RequestSpecification;
import io.rotender.platform.events.EventEnvelope;
import io.rotender.platform.testing.KafkaTestClient;
import io.rotender.platform.testing.TestCredentials;
import io.rotender.platform.testing.TestDatabase;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * Drives inventory-service the way the platform does: catalog events and commands on the real topics, units
 * through the admin API, and reads what it publishes back from the broker.
 */
public final class Fixtures implements AutoCloseable {

    public static final String CATALOG = "rotender.menu.catalog";
    public static final String COMMANDS = "rotender.inventory.commands";
    public static final String EVENTS = "rotender.inventory.events";
    public static final String AVAILABILITY = "rotender.inventory.availability";
    public static final String UNIT_EVENTS = "rotender.units.events";

    public final KafkaTestClient kafka;
    private final ObjectMapper mapper;

    public Fixtures(String bootstrap, ObjectMapper mapper) {
        this.kafka = new KafkaTestClient(bootstrap);
        this.mapper = mapper;
    }

    public static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static RequestSpecification admin() {
        return given().header("Authorization", TestCredentials.adminBearer()).contentType("application/json");
    }

    /** The envelope of an event of {@code type} about {@code aggregateId}, as JSON. */
    public String envelope(String type, String aggregateId, Object data) {
        try {
            return mapper.writeValueAsString(EventEnvelope.of(type, "test", aggregateId, data, mapper));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void send(String topic, String key, String type, Object data) {
        try {
            kafka.send(topic, key, mapper.writeValueAsString(EventEnvelope.of(type, "test", key, data, mapper)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The catalog of a venue as menu-service publishes it: one drink per entry of {@code recipes}. */
    public void catalog(String venueId, int low, int medium, Map<String, Map<String, Integer>> recipes) {
        send(CATALOG, venueId, "VenueUpserted", Map.of("venueId", venueId, "name", venueId, "currency", "EUR",
                "timezone", "UTC", "settings", Map.of("stockThresholds", Map.of("low", low, "medium", medium))));
        recipes.forEach((drinkId, recipe) -> {
            List<Map<String, Object>> lines = new ArrayList<>();
            recipe.forEach((ingredient, ml) -> lines.add(Map.of("ingredientId", ingredient, "ingredientName", ingredient, "ml", ml)));
            send(CATALOG, venueId + "/" + drinkId, "DrinkUpserted", Map.of("venueId", venueId, "drinkId", drinkId,
                    "name", drinkId, "price", 10, "active", true, "recipe", lines));
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM drink_recipe WHERE venue_id = ?", venueId) == recipes.size());
    }

    /** A unit of the venue with the given slots (ingredient to level, capacity 2000 ml), brought online. */
    public void unit(String venueId, String unitId, Map<String, Integer> levels) {
        List<Map<String, Object>> slots = new ArrayList<>();
        levels.forEach((ingredient, level) -> slots.add(Map.of("ingredientId", ingredient, "capacityMl", 2000, "levelMl", level)));
        admin().body(Map.of("name", "Unit " + unitId, "location", "Bar " + unitId, "slots", slots))
                .put("/admin/venues/{v}/units/{u}", venueId, unitId).then().statusCode(201);
        send(UNIT_EVENTS, unitId, "Heartbeat", Map.of("unitId", unitId));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM unit WHERE id = ? AND online", unitId) == 1);
    }

    /** One ReserveStock per order, all sent at once. */
    public void reserveAll(String venueId, List<String> orderIds, Map<String, Integer> items) {
        Map<String, String> commands = new java.util.LinkedHashMap<>();
        for (String orderId : orderIds) {
            List<Map<String, Object>> list = new ArrayList<>();
            items.forEach((drink, quantity) -> list.add(Map.of("drinkId", drink, "quantity", quantity)));
            try {
                commands.put(orderId, mapper.writeValueAsString(EventEnvelope.of("ReserveStock", "test", orderId,
                        Map.of("orderId", orderId, "venueId", venueId, "items", list), mapper)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        kafka.sendAll(COMMANDS, commands);
    }

    public void reserve(String venueId, String orderId, Map<String, Integer> items) {
        List<Map<String, Object>> list = new ArrayList<>();
        items.forEach((drink, quantity) -> list.add(Map.of("drinkId", drink, "quantity", quantity)));
        send(COMMANDS, orderId, "ReserveStock", Map.of("orderId", orderId, "venueId", venueId, "items", list));
    }

    /** Events read from the topic whose value matches, once {@code done} holds for them. */
    public List<JsonNode> events(String topic, Predicate<JsonNode> which, Predicate<List<JsonNode>> done, Duration timeout) {
        List<ConsumerRecord<String, String>> records = kafka.readUntil(topic,
                all -> done.test(all.stream().map(this::json).filter(which).toList()), timeout);
        return records.stream().map(this::json).filter(which).toList();
    }

    public List<JsonNode> eventsFor(String topic, String key, int atLeast) {
        return events(topic, e -> key.equals(e.path("aggregateId").asText()), l -> l.size() >= atLeast, Duration.ofSeconds(30));
    }

    /**
     * Waits until the newest event about {@code key} on the topic satisfies {@code condition} and returns it
     * (events about one key arrive in order, so this is the state after the change under test).
     */
    public JsonNode latest(String topic, String key, Predicate<JsonNode> condition) {
        List<JsonNode> events = events(topic, e -> key.equals(e.path("aggregateId").asText()),
                l -> !l.isEmpty() && condition.test(l.get(l.size() - 1)), Duration.ofSeconds(30));
        if (events.isEmpty() || !condition.test(events.get(events.size() - 1))) {
            throw new AssertionError("No matching latest event about " + key + " on " + topic + "; saw " + events);
        }
        return events.get(events.size() - 1);
    }

    private JsonNode json(ConsumerRecord<String, String> record) {
        return KafkaTestClient.json(record, mapper);
    }

    @Override
    public void close() {
        kafka.close();
    }
}
