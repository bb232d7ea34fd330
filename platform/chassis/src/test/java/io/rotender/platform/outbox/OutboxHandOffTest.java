package io.rotender.platform.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rotender.platform.testing.KafkaTestClient;
import io.rotender.platform.testing.TestDatabase;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.rotender.platform.outbox.OutboxTest.TOPIC;
import static io.rotender.platform.outbox.OutboxTest.recordsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay's hand-off and lanes, with the safety-net poll set to ten minutes: whatever arrives here within the
 * tests' bounds was relayed because its own commit handed it over (or a held lane's retry took it), not by the poll.
 * Sent rows are kept an hour here ({@code rotender.outbox.retention}), so the relay marks them sent instead of deleting them.
 */
@QuarkusTest
@TestProfile(OutboxHandOffTest.NoPoll.class)
class OutboxHandOffTest {

    public static class NoPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rotender.outbox.poll-interval", "10m", "rotender.outbox.retention", "1h");
        }
    }

    @Inject
    ObjectMapper mapper;
    @Inject
    MeterRegistry registry;
    @Inject
    OutboxRelay relay;

    @RegisterExtension
    final KafkaTestClient kafka = KafkaTestClient.perTest();

    @Test
    void aCommitOnASqlConnectionIsRelayedByItsOwnReplicaWithoutANotification() throws Exception {
        String id = "w-" + UUID.randomUUID();
        try (Connection listener = TestDatabase.connection(); Statement listen = listener.createStatement()) {
            listen.execute("LISTEN rotender_outbox");
            given().contentType("application/json").body(Map.of("display_name", "direct")).put("/widgets/{id}/direct", id)
                    .then().statusCode(200);

            List<ConsumerRecord<String, String>> mine = recordsFor(kafka.readUntil(TOPIC,
                    all -> !recordsFor(all, id).isEmpty(), Duration.ofSeconds(30)), id);
            assertThat(mine).hasSize(1);
            assertThat(mapper.readTree(mine.get(0).value()).get("data").get("name").asText()).isEqualTo("direct");
            listen.execute("SELECT 1"); // a round trip, so notifications sent meanwhile have arrived
            PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications();
            assertThat(notifications == null ? List.of() : List.of(notifications)).as("notifications on the outbox channel")
                    .isEmpty();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND lane = ? AND sent_at IS NOT NULL", id,
                OutboxLanes.of(id)) == 1);
    }

    @Test
    void theRowsOfOneCommitAreRelayedInOneRound() {
        String id = "w-" + UUID.randomUUID();
        double roundsBefore = registry.counter("rotender.outbox.rounds").count();
        given().contentType("application/json").body(Map.of("display_name", "thrice")).queryParam("events", 3)
                .put("/widgets/{id}/direct", id).then().statusCode(200);

        assertThat(recordsFor(kafka.readUntil(TOPIC, all -> recordsFor(all, id).size() >= 3, Duration.ofSeconds(30)), id)).hasSize(3);
        // the hand-off of each row came before the round started: one round took all three (two more found nothing)
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> registry.counter("rotender.outbox.rounds").count() - roundsBefore == 1.0);
    }

    @Test
    void aLaneAnotherReplicaRelaysHoldsBackOnlyItsOwnRowsUntilReleased() throws Exception {
        String held = "w-" + UUID.randomUUID();
        String free = otherLaneThan(held);
        try (Connection otherReplica = TestDatabase.connection()) {
            otherReplica.setAutoCommit(false);
            try (PreparedStatement lock = otherReplica.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                lock.setInt(1, OutboxRelay.LANE_LOCK_CLASS);
                lock.setInt(2, OutboxLanes.of(held));
                lock.execute();
            }
            given().contentType("application/json").body(Map.of("display_name", "held")).put("/widgets/{id}/direct", held)
                    .then().statusCode(200);
            given().contentType("application/json").body(Map.of("display_name", "free")).put("/widgets/{id}/direct", free)
                    .then().statusCode(200);

            List<ConsumerRecord<String, String>> records = kafka.readUntil(TOPIC, all -> !recordsFor(all, free).isEmpty(),
                    Duration.ofSeconds(30));
            assertThat(recordsFor(records, free)).hasSize(1);
            assertThat(recordsFor(records, held)).as("the held lane's row waits for its lane").isEmpty();
            assertThat(TestDatabase.count("SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND sent_at IS NULL", held))
                    .isEqualTo(1);
            otherReplica.rollback();
        }
        List<ConsumerRecord<String, String>> records = kafka.readUntil(TOPIC, all -> !recordsFor(all, held).isEmpty(),
                Duration.ofSeconds(30));
        assertThat(recordsFor(records, held)).hasSize(1);
    }

    @Test
    void aRowAnotherRelayMarkedSentWhileThisRoundWaitedForItIsNotSentAgain() throws Exception {
        OutboxTest.assertARowTakenMeanwhileIsNotSentAgain(relay, kafka, "UPDATE outbox_event SET sent_at = now() WHERE id = ?");
    }

    private static String otherLaneThan(String key) {
        String other;
        do {
            other = "w-" + UUID.randomUUID();
        } while (OutboxLanes.of(other) == OutboxLanes.of(key));
        return other;
    }
}
