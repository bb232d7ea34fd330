package io.rotender.inventory.availability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.rotender.inventory.Fixtures;
import io.rotender.inventory.units.UnitSweeper;
import io.rotender.platform.testing.TestDatabase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the menu learns from inventory-service: a drink goes unavailable when its last stock is reserved,
 * comes back after a release or a refill, changes band as stock drops, and disappears with its unit.
 */
@QuarkusTest
class MenuAvailabilityTest {

    @Inject
    ObjectMapper mapper;
    @Inject
    UnitSweeper sweeper;
    @Inject
    io.smallrye.reactive.messaging.kafka.KafkaClientService kafkaClients;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static boolean level(JsonNode e, String band) {
        return e.at("/data/stockLevel").asText().equals(band);
    }

    private static boolean available(JsonNode e) {
        return e.at("/data/available").asBoolean();
    }

    @Test
    void lastStockReservedMakesTheDrinkUnavailableUntilReleaseOrRefill() {
        try (Fixtures fx = new Fixtures(bootstrap, mapper)) {
            String venue = Fixtures.newId("avail");
            String key = venue + "/shot";
            String unit = venue + "-u";
            fx.catalog(venue, 1, 2, Map.of("shot", Map.of("vodka", 40)));
            fx.unit(venue, unit, Map.of("vodka", 120));

            JsonNode initial = fx.latest(Fixtures.AVAILABILITY, key, e -> level(e, "high"));
            assertThat(initial.at("/data/available").asBoolean()).isTrue();
            assertThat(initial.at("/data/pourable").asInt()).isEqualTo(3);

            fx.reserve(venue, venue + "-o1", Map.of("shot", 1));
            fx.latest(Fixtures.AVAILABILITY, key, e -> level(e, "medium"));
            fx.reserve(venue, venue + "-o2", Map.of("shot", 1));
            fx.latest(Fixtures.AVAILABILITY, key, e -> level(e, "low"));

            fx.reserve(venue, venue + "-o3", Map.of("shot", 1));
            JsonNode gone = fx.latest(Fixtures.AVAILABILITY, key, e -> !available(e));
            JsonNode command = fx.latest(Fixtures.COMMANDS, venue + "-o3", e -> true);
            System.out.printf("availability: ReserveStock of the last stock to DrinkAvailabilityChanged on the topic: %d ms"
                    + " (Kafka record timestamps)%n", gone.get("kafkaTimestamp").asLong() - command.get("kafkaTimestamp").asLong());
            assertThat(gone.at("/data/available").asBoolean()).isFalse();
            assertThat(gone.at("/data/stockLevel").asText()).isEqualTo("oos");

            fx.send(Fixtures.COMMANDS, venue + "-o3", "ReleaseStock", Map.of("orderId", venue + "-o3", "reason", "cancelled"));
            JsonNode back = fx.latest(Fixtures.AVAILABILITY, key, MenuAvailabilityTest::available);
            assertThat(back.at("/data/units/0").asText()).isEqualTo(unit);

            fx.reserve(venue, venue + "-o4", Map.of("shot", 1));
            fx.latest(Fixtures.AVAILABILITY, key, e -> !available(e));
            Fixtures.admin().body(Map.of("ingredientId", "vodka")).post("/admin/units/{u}/refills", unit)
                    .then().statusCode(200).body("slots[0].levelMl", org.hamcrest.Matchers.is(2000));
            JsonNode refilled = fx.latest(Fixtures.AVAILABILITY, key, MenuAvailabilityTest::available);
            assertThat(refilled.at("/data/pourable").asInt()).isEqualTo((2000 - 120) / 40);
        }
    }

    @Test
    void unitWithoutHeartbeatGoesOfflineAndItsStockStopsCounting() {
        try (Fixtures fx = new Fixtures(bootstrap, mapper)) {
            String venue = Fixtures.newId("offline");
            String key = venue + "/shot";
            String unit = venue + "-u";
            fx.catalog(venue, 1, 2, Map.of("shot", Map.of("vodka", 40)));
            fx.unit(venue, unit, Map.of("vodka", 400));
            fx.latest(Fixtures.AVAILABILITY, key, MenuAvailabilityTest::available);

            // the unit's last heartbeat was long ago: the sweeper must take it offline
            TestDatabase.update("UPDATE unit SET last_heartbeat_at = now() - interval '1 hour' WHERE id = ?", unit);
            fx.latest(Fixtures.AVAILABILITY, key, e -> !available(e));
            JsonNode unitStatus = fx.latest(Fixtures.AVAILABILITY, unit, e -> !e.at("/data/online").asBoolean(true));
            assertThat(unitStatus.get("type").asText()).isEqualTo("UnitStatusChanged");

            fx.reserve(venue, venue + "-o1", Map.of("shot", 1));
            assertThat(fx.latest(Fixtures.EVENTS, venue + "-o1", e -> true).get("type").asText()).isEqualTo("StockRejected");

            fx.send(Fixtures.UNIT_EVENTS, unit, "Heartbeat", Map.of("unitId", unit));
            fx.latest(Fixtures.AVAILABILITY, key, MenuAvailabilityTest::available);
        }
    }

    @Test
    void aMarkWithoutItsNotificationIsStillRefreshed() {
        try (Fixtures fx = new Fixtures(bootstrap, mapper)) {
            String venue = Fixtures.newId("missed");
            String key = venue + "/shot";
            String unit = venue + "-u";
            fx.catalog(venue, 1, 2, Map.of("shot", Map.of("vodka", 40)));
            fx.unit(venue, unit, Map.of("vodka", 400));
            fx.latest(Fixtures.AVAILABILITY, key, e -> level(e, "high"));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    TestDatabase.count("SELECT count(*) FROM availability_pending WHERE venue_id = ?", venue) == 0);

            // a change committed with its mark but without the notification (as when the listener was
            // reconnecting): only the poll can find it
            TestDatabase.update("UPDATE slot SET level_ml = 40 WHERE unit_id = ?", unit);
            TestDatabase.update("INSERT INTO availability_pending (venue_id) VALUES (?)", venue);

            JsonNode low = fx.latest(Fixtures.AVAILABILITY, key, e -> level(e, "low"));
            assertThat(low.at("/data/pourable").asInt()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    TestDatabase.count("SELECT count(*) FROM availability_pending WHERE venue_id = ?", venue) == 0);
        }
    }

    @Test
    void unitsAreNotTakenOfflineWhileNoUnitAtAllIsHeardFrom() {
        try (Fixtures fx = new Fixtures(bootstrap, mapper)) {
            String venue = Fixtures.newId("silence");
            String unit = venue + "-u1";
            String other = venue + "-u2";
            fx.catalog(venue, 1, 2, Map.of("shot", Map.of("vodka", 40)));
            fx.unit(venue, unit, Map.of("vodka", 400));
            fx.unit(venue, other, Map.of("vodka", 400));

            // no unit's heartbeat processed for two minutes (more than offline-after): the silence is this
            // service's (Kafka down, partitions not yet reassigned), not the units'
            TestDatabase.update("UPDATE unit SET last_heartbeat_at = now() - interval '2 minutes' WHERE online");
            sweeper.sweepOnce().await().atMost(Duration.ofSeconds(10));
            assertThat(TestDatabase.count("SELECT count(*) FROM unit WHERE id IN (?, ?) AND online", unit, other)).isEqualTo(2);

            // another unit is heard from again: the first one's silence is now its own
            TestDatabase.update("UPDATE unit SET last_heartbeat_at = now() WHERE id = ?", other);
            // (once this service's group has committed what it read of the units' partitions)
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                sweeper.sweepOnce().await().atMost(Duration.ofSeconds(10));
                return TestDatabase.count("SELECT count(*) FROM unit WHERE id = ? AND online", unit) == 0;
            });
            assertThat(TestDatabase.count("SELECT count(*) FROM unit WHERE id = ? AND online", other)).isEqualTo(1);
        }
    }

    @Test
    void aUnitWhoseHeartbeatIsStillUnreadInKafkaIsNotSwept() {
        try (Fixtures fx = new Fixtures(bootstrap, mapper)) {
            String venue = Fixtures.newId("unread");
            String unit = venue + "-u";
            fx.catalog(venue, 1, 2, Map.of("shot", Map.of("vodka", 40)));
            fx.unit(venue, unit, Map.of("vodka", 400));
            var consumer = kafkaClients.getConsumer("events");
            consumer.pause().await().atMost(Duration.ofSeconds(10));
            try {
                // the unit's heartbeat waits in Kafka, unread, while its stored heartbeat looks an hour old
                fx.send(Fixtures.UNIT_EVENTS, unit, "Heartbeat", Map.of("unitId", unit));
                TestDatabase.update("UPDATE unit SET last_heartbeat_at = now() - interval '1 hour' WHERE id = ?", unit);
                for (int i = 0; i < 3; i++) {
                    sweeper.sweepOnce().await().atMost(Duration.ofSeconds(10));
                }
                assertThat(TestDatabase.count("SELECT count(*) FROM unit WHERE id = ? AND online", unit)).isEqualTo(1);
            } finally {
                consumer.resume().await().atMost(Duration.ofSeconds(10));
            }
            // read at last: the unit was alive all along
            await().atMost(Duration.ofSeconds(20)).until(() -> TestDatabase.count(
                    "SELECT count(*) FROM unit WHERE id = ? AND last_heartbeat_at > now() - interval '1 minute'", unit) == 1);
            // caught up and truly silent: swept
            TestDatabase.update("UPDATE unit SET last_heartbeat_at = now() - interval '1 hour' WHERE id = ?", unit);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                sweeper.sweepOnce().await().atMost(Duration.ofSeconds(10));
                return TestDatabase.count("SELECT count(*) FROM unit WHERE id = ? AND online", unit) == 0;
            });
        }
    }
}
