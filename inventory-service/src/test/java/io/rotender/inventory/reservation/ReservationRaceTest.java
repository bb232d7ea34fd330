package io.rotender.inventory.reservation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.rotender.inventory.Fixtures;
import io.rotender.platform.testing.TestDatabase;
import io.rotender.systemtests.probe.Ledger;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 200 buyers race for a drink with stock for exactly 20, split over two units, while two consumers of the
 * same group (each with its own partitions, so their transactions really run side by side) take the
 * commands: exactly 20 reservations, 180 rejections, and a ledger that adds up.
 */
@QuarkusTest
class ReservationRaceTest {

    @Inject
    ObjectMapper mapper;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void twoHundredBuyersForTwentyDrinksGetExactlyTwentyReservations() throws Exception {
        try (Fixtures fx = new Fixtures(bootstrap, mapper)) {
            String venue = Fixtures.newId("race");
            fx.catalog(venue, 5, 20, Map.of("vodka-shot", Map.of("vodka", 40)));
            fx.unit(venue, venue + "-u1", Map.of("vodka", 400));
            fx.unit(venue, venue + "-u2", Map.of("vodka", 400));

            List<String> orders = IntStream.range(0, 200).mapToObj(i -> venue + "-o" + i).toList();
            long start = System.nanoTime();
            fx.reserveAll(venue, orders, Map.of("vodka-shot", 1));

            Set<String> mine = new HashSet<>(orders);
            List<JsonNode> answers = fx.events(Fixtures.EVENTS, e -> mine.contains(e.path("aggregateId").asText()),
                    l -> l.stream().map(e -> e.path("aggregateId").asText()).distinct().count() >= 200, Duration.ofSeconds(120));
            double seconds = (System.nanoTime() - start) / 1e9;
            List<JsonNode> commands = fx.events(Fixtures.COMMANDS, e -> mine.contains(e.path("aggregateId").asText()),
                    l -> l.size() >= 200, Duration.ofSeconds(30));
            long firstCommand = commands.stream().mapToLong(e -> e.get("kafkaTimestamp").asLong()).min().orElseThrow();
            long lastAnswer = answers.stream().mapToLong(e -> e.get("kafkaTimestamp").asLong()).max().orElseThrow();
            System.out.printf("reservation race: 200 ReserveStock settled %d ms after the first was sent (%.0f commands/s,"
                    + " two consumers; %.2f s wall time including the test's own sends and reads)%n",
                    lastAnswer - firstCommand, 200_000.0 / Math.max(1, lastAnswer - firstCommand), seconds);

            long reserved = answers.stream().filter(e -> e.path("type").asText().equals("StockReserved")).count();
            long rejected = answers.stream().filter(e -> e.path("type").asText().equals("StockRejected")).count();
            assertThat(reserved).isEqualTo(20);
            assertThat(rejected).isEqualTo(180);
            assertThat(answers).filteredOn(e -> e.path("type").asText().equals("StockRejected"))
                    .allSatisfy(e -> assertThat(e.at("/data/unavailableDrinks/0").asText()).isEqualTo("vodka-shot"));

            assertThat(TestDatabase.count("SELECT count(*) FROM reservation WHERE venue_id = ? AND status = 'reserved'", venue)).isEqualTo(20);
            assertThat(TestDatabase.count("""
                    SELECT sum(s.reserved_ml) FROM slot s JOIN unit u ON u.id = s.unit_id WHERE u.venue_id = ?""", venue)).isEqualTo(800);
            assertThat(TestDatabase.count("""
                    SELECT count(*) FROM slot s JOIN unit u ON u.id = s.unit_id
                    WHERE u.venue_id = ? AND s.level_ml - s.reserved_ml < 0""", venue)).isZero();
            assertLedgerAddsUp(venue);
        }
    }

    static void assertLedgerAddsUp(String venue) {
        assertThat(TestDatabase.query(Ledger.MOVEMENTS_DISAGREE, venue, venue)).as("slots whose ledger does not add up").isEmpty();
        assertThat(TestDatabase.query(Ledger.RESERVATIONS_DISAGREE, venue, venue)).as("slots whose reservation is not their open reservations'").isEmpty();
    }
}
