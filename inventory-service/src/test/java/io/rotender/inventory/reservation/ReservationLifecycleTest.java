package io.rotender.inventory.reservation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.rotender.inventory.Fixtures;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.rotender.platform.testing.KafkaTestClient;
import io.rotender.platform.testing.RecordedSpans;
import io.rotender.platform.testing.TestDatabase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class ReservationLifecycleTest {

    @Inject
    ObjectMapper mapper;
    @Inject
    RecordedSpans spans;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    private Fixtures fx;
    private String venue;

    @BeforeEach
    void venue() {
        fx = new Fixtures(bootstrap, mapper);
        venue = Fixtures.newId("life");
        fx.catalog(venue, 2, 5, Map.of("vodka-soda", Map.of("vodka", 40, "soda", 100), "gin-tonic", Map.of("gin", 50, "tonic", 100)));
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private JsonNode lastEvent(String orderId, int count) {
        List<JsonNode> events = fx.eventsFor(Fixtures.EVENTS, orderId, count);
        return events.get(events.size() - 1);
    }

    private long reservedMl(String unit, String ingredient) {
        return TestDatabase.count("SELECT reserved_ml FROM slot WHERE unit_id = ? AND ingredient_id = ?", unit, ingredient);
    }

    private long levelMl(String unit, String ingredient) {
        return TestDatabase.count("SELECT level_ml FROM slot WHERE unit_id = ? AND ingredient_id = ?", unit, ingredient);
    }

    @Test
    void theAnswerContinuesTheCommandsTrace() {
        String unit = venue + "-t";
        fx.unit(venue, unit, Map.of("vodka", 1000, "soda", 1000));
        String order = venue + "-traced";
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String commandSpan = "00f067aa0ba902b7";
        fx.kafka.send(Fixtures.COMMANDS, order, fx.envelope("ReserveStock", order, Map.of("orderId", order, "venueId", venue,
                "items", List.of(Map.of("drinkId", "vodka-soda", "quantity", 1)))), Map.of("traceparent", "00-" + traceId + "-" + commandSpan + "-01"));

        var answer = fx.kafka.readUntil(Fixtures.EVENTS, l -> l.stream().anyMatch(r -> order.equals(r.key())), Duration.ofSeconds(20))
                .stream().filter(r -> order.equals(r.key())).findFirst().orElseThrow();
        assertThat(KafkaTestClient.header(answer, "ce_type")).isEqualTo("StockReserved");
        assertThat(KafkaTestClient.header(answer, "traceparent")).startsWith("00-" + traceId + "-").doesNotContain(commandSpan);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> trace = spans.ofTrace(traceId);
            assertThat(trace).filteredOn(s -> s.getName().equals("rotender.inventory.commands process")).singleElement()
                    .satisfies(s -> {
                        assertThat(s.getKind()).isEqualTo(SpanKind.CONSUMER);
                        assertThat(s.getParentSpanId()).isEqualTo(commandSpan);
                    });
            assertThat(trace).extracting(SpanData::getName).contains("rotender.inventory.events publish");
        });
    }

    @Test
    void wholeOrderIsReservedOnOneUnitThenReleased() {
        String unitA = venue + "-a";
        String unitB = venue + "-b";
        fx.unit(venue, unitA, Map.of("vodka", 1000, "soda", 1000));
        fx.unit(venue, unitB, Map.of("vodka", 1000, "soda", 1000, "gin", 1000, "tonic", 1000));
        String order = venue + "-o1";
        fx.reserve(venue, order, Map.of("vodka-soda", 2, "gin-tonic", 1));

        JsonNode reserved = lastEvent(order, 1);
        assertThat(reserved.get("type").asText()).isEqualTo("StockReserved");
        assertThat(reserved.at("/data/unitId").asText()).isEqualTo(unitB);
        assertThat(reserved.at("/data/unitName").asText()).isEqualTo("Unit " + unitB);
        assertThat(reservedMl(unitB, "vodka")).isEqualTo(80);
        assertThat(reservedMl(unitB, "gin")).isEqualTo(50);
        assertThat(reservedMl(unitA, "vodka")).isZero();

        fx.send(Fixtures.COMMANDS, order, "ReleaseStock", Map.of("orderId", order, "reason", "cancelled"));
        JsonNode released = lastEvent(order, 2);
        assertThat(released.get("type").asText()).isEqualTo("StockReleased");
        assertThat(reservedMl(unitB, "vodka")).isZero();
        assertThat(reservedMl(unitB, "gin")).isZero();
        ReservationRaceTest.assertLedgerAddsUp(venue);
    }

    @Test
    void repeatedReserveStockGetsTheSameAnswerAndReservesOnce() {
        String unit = venue + "-a";
        fx.unit(venue, unit, Map.of("vodka", 1000, "soda", 1000));
        String order = venue + "-o2";
        fx.reserve(venue, order, Map.of("vodka-soda", 1));
        fx.reserve(venue, order, Map.of("vodka-soda", 1));
        List<JsonNode> answers = fx.eventsFor(Fixtures.EVENTS, order, 2);
        assertThat(answers).extracting(e -> e.get("type").asText()).containsExactly("StockReserved", "StockReserved");
        assertThat(answers).extracting(e -> e.at("/data/unitId").asText()).containsOnly(unit);
        assertThat(reservedMl(unit, "vodka")).isEqualTo(40);
    }

    @Test
    void rejectionNamesTheDrinksThatCannotBeServed() {
        String unit = venue + "-a";
        fx.unit(venue, unit, Map.of("vodka", 1000, "soda", 1000));
        String order = venue + "-o3";
        fx.reserve(venue, order, Map.of("vodka-soda", 1, "gin-tonic", 1));
        JsonNode rejected = lastEvent(order, 1);
        assertThat(rejected.get("type").asText()).isEqualTo("StockRejected");
        assertThat(rejected.at("/data/unavailableDrinks").toString()).isEqualTo("[\"gin-tonic\"]");
        assertThat(reservedMl(unit, "vodka")).isZero();

        String unknown = venue + "-o4";
        fx.reserve(venue, unknown, Map.of("mojito", 1));
        JsonNode unknownDrink = lastEvent(unknown, 1);
        assertThat(unknownDrink.at("/data/reason").asText()).isEqualTo("unknown-drink");
        assertThat(unknownDrink.at("/data/unavailableDrinks/0").asText()).isEqualTo("mojito");
    }

    @Test
    void pourConsumesWhatTheUnitReportsAndFailedPourReleases() {
        String unit = venue + "-a";
        fx.unit(venue, unit, Map.of("vodka", 1000, "soda", 1000));
        String poured = venue + "-o5";
        fx.reserve(venue, poured, Map.of("vodka-soda", 1));
        lastEvent(poured, 1);
        fx.send(Fixtures.UNIT_EVENTS, unit, "Poured", Map.of("unitId", unit, "orderId", poured,
                "used", List.of(Map.of("ingredientId", "vodka", "ml", 42), Map.of("ingredientId", "soda", "ml", 100))));
        assertThat(lastEvent(poured, 2).get("type").asText()).isEqualTo("StockConsumed");
        assertThat(levelMl(unit, "vodka")).isEqualTo(958);
        assertThat(reservedMl(unit, "vodka")).isZero();

        String failed = venue + "-o6";
        fx.reserve(venue, failed, Map.of("vodka-soda", 1));
        lastEvent(failed, 1);
        fx.send(Fixtures.UNIT_EVENTS, unit, "PourFailed", Map.of("unitId", unit, "orderId", failed, "reason", "cup missing",
                "used", List.of()));
        JsonNode released = lastEvent(failed, 2);
        assertThat(released.get("type").asText()).isEqualTo("StockReleased");
        assertThat(released.at("/data/reason").asText()).contains("cup missing");
        assertThat(levelMl(unit, "vodka")).isEqualTo(958);
        assertThat(reservedMl(unit, "vodka")).isZero();
        ReservationRaceTest.assertLedgerAddsUp(venue);
    }

    @Test
    void expiredHoldGivesStockBack() {
        String unit = venue + "-a";
        fx.unit(venue, unit, Map.of("vodka", 1000, "soda", 1000));
        String order = venue + "-o7";
        fx.send(Fixtures.COMMANDS, order, "ReserveStock", Map.of("orderId", order, "venueId", venue,
                "items", List.of(Map.of("drinkId", "vodka-soda", "quantity", 1)),
                "expiresAt", java.time.Instant.now().plusSeconds(1).toString()));
        JsonNode released = lastEvent(order, 2);
        assertThat(released.get("type").asText()).isEqualTo("StockReleased");
        assertThat(released.at("/data/reason").asText()).isEqualTo("expired");
        await().atMost(Duration.ofSeconds(5)).until(() -> reservedMl(unit, "vodka") == 0);
    }

    @Test
    void anUnreadableRecipeIsDeadLetteredNeverReservedAsAnEmptyOne() {
        String unit = venue + "-u";
        fx.unit(venue, unit, Map.of("vodka", 1000, "soda", 1000));
        // a catalog event whose recipe cannot be read: to the catalog's DLQ with the reason, the stored recipe kept
        fx.send(Fixtures.CATALOG, venue + "/vodka-soda", "DrinkUpserted", Map.of("venueId", venue, "drinkId", "vodka-soda",
                "name", "vodka-soda", "price", 10, "active", true, "recipe", List.of(Map.of("ingredientName", "Vodka", "ml", 40))));
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> dead = fx.kafka.readUntil(Fixtures.CATALOG + ".dlq",
                all -> all.stream().anyMatch(r -> (venue + "/vodka-soda").equals(r.key())), Duration.ofSeconds(30));
        assertThat(dead.stream().filter(r -> (venue + "/vodka-soda").equals(r.key())).findFirst().map(r ->
                io.rotender.platform.testing.KafkaTestClient.header(r, "dead-letter-reason")).orElse(""))
                .contains("unreadable recipe");
        assertThat(TestDatabase.query("SELECT recipe::text AS recipe FROM drink_recipe WHERE venue_id = ? AND drink_id = 'vodka-soda'", venue)
                .get(0).get("recipe").toString()).contains("vodka");

        // a stored recipe that cannot be read (written before this check existed): the command goes to the DLQ
        TestDatabase.update("UPDATE drink_recipe SET recipe = '{\"lines\": []}'::jsonb WHERE venue_id = ? AND drink_id = 'vodka-soda'", venue);
        String order = venue + "-unreadable";
        fx.reserve(venue, order, Map.of("vodka-soda", 1));
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> deadCommands = fx.kafka.readUntil(Fixtures.COMMANDS + ".dlq",
                all -> all.stream().anyMatch(r -> order.equals(r.key())), Duration.ofSeconds(30));
        assertThat(deadCommands.stream().filter(r -> order.equals(r.key())).findFirst().map(r ->
                io.rotender.platform.testing.KafkaTestClient.header(r, "dead-letter-reason")).orElse(""))
                .contains("unreadable recipe");
        assertThat(TestDatabase.count("SELECT count(*) FROM reservation WHERE order_id = ?", order)).isZero();
        assertThat(reservedMl(unit, "vodka")).isZero();
    }
}
