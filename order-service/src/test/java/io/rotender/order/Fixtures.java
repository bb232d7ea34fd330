package io.rotender.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.specification.RequestSpecification;
import io.rotender.platform.events.EventEnvelope;
import io.rotender.platform.security.PartnerKey;
import io.rotender.platform.testing.KafkaTestClient;
import io.rotender.platform.testing.TestDatabase;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * Sets order-service up the way the platform does, over the real topics: the catalog (as menu-service
 * publishes it), a partner and its key (rotender.partners.access), and reads what it sends to units.
 */
public final class Fixtures implements AutoCloseable {

    public final KafkaTestClient kafka;
    private final ObjectMapper mapper;

    public Fixtures(String bootstrap, ObjectMapper mapper) {
        this.kafka = new KafkaTestClient(bootstrap);
        this.mapper = mapper;
    }

    public static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public void send(String topic, String key, String type, Object data) {
        try {
            kafka.send(topic, key, mapper.writeValueAsString(EventEnvelope.of(type, "test", key, data, mapper)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A venue with drinks vodka-soda (18.00) and gin-tonic (22.50); settings as given, orders waiting 30 minutes for their code. */
    public String venue(boolean requirePosAcceptance, int paymentHoldMinutes) {
        return venue(requirePosAcceptance, paymentHoldMinutes, 30);
    }

    /** A venue with drinks vodka-soda (18.00) and gin-tonic (22.50); settings as given. */
    public String venue(boolean requirePosAcceptance, int paymentHoldMinutes, int orderTtlMinutes) {
        String venue = newId("venue");
        send("rotender.menu.catalog", venue, "VenueUpserted", Map.of("venueId", venue, "name", venue, "currency", "EUR",
                "timezone", "UTC", "settings", Map.of("requirePosAcceptance", requirePosAcceptance, "orderTtlMinutes", orderTtlMinutes,
                        "paymentHoldMinutes", paymentHoldMinutes)));
        drink(venue, "vodka-soda", "18.00", true);
        drink(venue, "gin-tonic", "22.50", true);
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.count("SELECT count(*) FROM drink WHERE venue_id = ?", venue) == 2
                && TestDatabase.count("SELECT count(*) FROM venue WHERE id = ?", venue) == 1);
        return venue;
    }

    public void drink(String venue, String drinkId, String price, boolean active) {
        send("rotender.menu.catalog", venue + "/" + drinkId, "DrinkUpserted", Map.of("venueId", venue, "drinkId", drinkId,
                "name", drinkId.replace('-', ' '), "price", new java.math.BigDecimal(price), "currency", "EUR", "active", active,
                "recipe", List.of(Map.of("ingredientId", "base", "ingredientName", "Base", "ml", 40))));
    }

    /** A partner scoped to the venues, known to order-service through the real topic; returns its key. */
    public String partner(String... venues) {
        String partner = newId("partner");
        PartnerKey key = PartnerKey.issue();
        send("rotender.partners.access", partner, "PartnerAccessChanged", Map.of("partnerId", partner, "name", partner,
                "venues", List.of(venues), "keys", List.of(Map.of("keyId", key.keyId(), "secretHash", key.secretHash())),
                "removed", false));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.count("SELECT count(*) FROM partner_key WHERE key_id = ?", key.keyId()) == 1);
        return key.asText();
    }

    public static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key).contentType("application/json");
    }

    public List<JsonNode> events(String topic, String aggregateId, Predicate<List<JsonNode>> done) {
        List<ConsumerRecord<String, String>> records = kafka.readUntil(topic,
                all -> done.test(all.stream().map(this::json).filter(e -> aggregateId.equals(e.path("aggregateId").asText())).toList()),
                Duration.ofSeconds(30));
        return records.stream().map(this::json).filter(e -> aggregateId.equals(e.path("aggregateId").asText())).toList();
    }

    /** What the unit's screen shows for the order: the code of the last ShowCode for it. */
    public String codeOnScreen(String unitId, String orderId, int nth) {
        List<JsonNode> shown = events("rotender.units.commands", unitId, l -> l.stream()
                .filter(e -> e.path("type").asText().equals("ShowCode") && e.at("/data/orderId").asText().equals(orderId)).count() >= nth)
                .stream().filter(e -> e.path("type").asText().equals("ShowCode") && e.at("/data/orderId").asText().equals(orderId)).toList();
        return shown.get(shown.size() - 1).at("/data/code").asText();
    }

    private JsonNode json(ConsumerRecord<String, String> record) {
        return KafkaTestClient.json(record, mapper);
    }

    @Override
    public void close() {
        kafka.close();
    }
}
