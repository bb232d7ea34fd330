package io.rotender.platform.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.rotender.platform.testing.KafkaTestClient;
import io.rotender.platform.testing.TestDatabase;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class OutboxTest {

    static final String TOPIC = "chassis-sample.widgets";

    @Inject
    OutboxRelay relay;
    @Inject
    ObjectMapper mapper;

    @RegisterExtension
    final KafkaTestClient kafka = KafkaTestClient.perTest();

    @AfterEach
    void restartRelay() {
        relay.start();
    }

    private void putWidget(String id, String name, boolean fail, int expectedStatus) {
        given().contentType("application/json").body(Map.of("display_name", name))
                .queryParam("fail", fail)
                .put("/widgets/{id}", id)
                .then().statusCode(expectedStatus);
    }

    static List<ConsumerRecord<String, String>> recordsFor(List<ConsumerRecord<String, String>> all, String key) {
        return all.stream().filter(r -> key.equals(r.key())).toList();
    }

    @Test
    void committedChangeReachesKafkaAsSelfDescribingEvent() throws Exception {
        String id = "w-" + UUID.randomUUID();
        putWidget(id, "first", false, 200);

        List<ConsumerRecord<String, String>> records = kafka.readUntil(TOPIC, all -> !recordsFor(all, id).isEmpty(),
                Duration.ofSeconds(30));
        List<ConsumerRecord<String, String>> mine = recordsFor(records, id);
        assertThat(mine).hasSize(1);
        ConsumerRecord<String, String> record = mine.get(0);
        JsonNode body = mapper.readTree(record.value());
        assertThat(body.get("type").asText()).isEqualTo("WidgetChanged");
        assertThat(body.get("aggregateId").asText()).isEqualTo(id);
        assertThat(body.get("source").asText()).isEqualTo("chassis-sample");
        assertThat(body.get("data").get("name").asText()).isEqualTo("first");
        assertThat(KafkaTestClient.header(record, "ce_id")).isEqualTo(body.get("eventId").asText());
        assertThat(KafkaTestClient.header(record, "ce_type")).isEqualTo("WidgetChanged");
        assertThat(KafkaTestClient.header(record, "ce_source")).isEqualTo("chassis-sample");
        assertThat(KafkaTestClient.header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(KafkaTestClient.header(record, "ce_time")).isNotBlank();
        assertThat(KafkaTestClient.header(record, "ce_subject")).isEqualTo(id);
        assertThat(KafkaTestClient.header(record, "ce_partnerid")).as("no partner, no header").isNull();
        // no retention (the default): the relay deletes the row in the round that sent it
        await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM outbox_event WHERE aggregate_id = ?", id) == 0);
    }

    @Test
    void aPartnersMessageNamesItsPartnerInAHeader() {
        String id = "w-" + UUID.randomUUID();
        given().contentType("application/json").body(Map.of("display_name", "owned")).queryParam("owner", "partner-7")
                .put("/widgets/{id}", id).then().statusCode(200);

        ConsumerRecord<String, String> record = recordsFor(kafka.readUntil(TOPIC, all -> !recordsFor(all, id).isEmpty(),
                Duration.ofSeconds(30)), id).get(0);
        assertThat(KafkaTestClient.header(record, "ce_partnerid")).isEqualTo("partner-7");
    }

    @Test
    void rolledBackTransactionLeavesNoEvent() {
        String failed = "w-" + UUID.randomUUID();
        String committed = "w-" + UUID.randomUUID();
        putWidget(failed, "never", true, 409);
        putWidget(committed, "after", false, 200);

        List<ConsumerRecord<String, String>> records = kafka.readUntil(TOPIC,
                all -> !recordsFor(all, committed).isEmpty(), Duration.ofSeconds(30));
        assertThat(recordsFor(records, committed)).hasSize(1);
        assertThat(recordsFor(records, failed)).isEmpty();
        assertThat(TestDatabase.count("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?", failed)).isZero();
        assertThat(TestDatabase.count("SELECT count(*) FROM widget WHERE id = ?", failed)).isZero();
    }

    @Test
    void eventsWrittenWhileTheRelayIsDownArriveAfterItsRestartInKeyOrder() throws Exception {
        relay.stop();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> keys = List.of("a-" + run, "b-" + run, "c-" + run);
        for (int version = 1; version <= 5; version++) {
            for (String key : keys) {
                putWidget(key, "v" + version, false, 200);
            }
        }
        assertThat(TestDatabase.count("SELECT count(*) FROM outbox_event WHERE msg_key LIKE ? AND sent_at IS NULL",
                "%-" + run)).isEqualTo(15);
        assertThat(kafka.readUntil(TOPIC, all -> false, Duration.ofSeconds(2)).stream()
                .filter(r -> r.key() != null && r.key().endsWith(run))).isEmpty();

        relay.start();

        List<ConsumerRecord<String, String>> records = kafka.readUntil(TOPIC, all -> all.stream()
                .filter(r -> r.key() != null && r.key().endsWith(run)).count() >= 15, Duration.ofSeconds(30));
        for (String key : keys) {
            List<String> names = new ArrayList<>();
            for (ConsumerRecord<String, String> record : recordsFor(records, key)) {
                names.add(mapper.readTree(record.value()).get("data").get("name").asText());
            }
            assertThat(names).as("events of %s in order", key).containsExactly("v1", "v2", "v3", "v4", "v5");
        }
        assertThat(TestDatabase.count("SELECT count(*) FROM outbox_event WHERE msg_key LIKE ? AND sent_at IS NULL",
                "%-" + run)).isZero();
    }

    @Test
    void aRowAnotherRelayTookWhileThisRoundWaitedForItIsNotSentAgain() throws Exception {
        assertARowTakenMeanwhileIsNotSentAgain(relay, kafka, "DELETE FROM outbox_event WHERE id = ?");
    }

    /**
     * A round reads its batch with a snapshot taken before it locks its lanes, so a row the lane's previous holder took
     * and committed meanwhile is still in that read. Here another transaction holds such a row taken (with {@code take}),
     * not yet committed, while a round of the same lane runs: the round waits for the row, and once the other
     * transaction commits it must send nothing. The relay's own rounds are stopped meanwhile.
     */
    static void assertARowTakenMeanwhileIsNotSentAgain(OutboxRelay relay, KafkaTestClient kafka, String take) throws Exception {
        String key = "w-" + UUID.randomUUID();
        int laneNumber = OutboxLanes.of(key);
        int lane = OutboxLanes.bit(laneNumber);
        relay.stop();
        try (Connection other = TestDatabase.connection()) {
            long id = ((Number) TestDatabase.query("""
                    INSERT INTO outbox_event (event_id, topic, msg_key, type, source, aggregate_id, occurred_at, payload, lane)
                    VALUES (gen_random_uuid(), ?, ?, 'WidgetChanged', 'chassis-sample', ?, now(), '{}', ?) RETURNING id""",
                    TOPIC, key, key, laneNumber).get(0).get("id")).longValue();
            other.setAutoCommit(false);
            try (PreparedStatement taking = other.prepareStatement(take)) {
                taking.setLong(1, id);
                assertThat(taking.executeUpdate()).isEqualTo(1);
            }
            CompletableFuture<OutboxRelay.Round> round = relay.relayOneBatch(lane).subscribeAsCompletionStage();
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !round.isDone());
            other.commit();
            OutboxRelay.Round done = round.get(10, TimeUnit.SECONDS);
            assertThat(done.relayed()).as("the round held the row's lane").isEqualTo(lane);
            assertThat(done.full()).isFalse();
        } finally {
            relay.start();
        }
        assertThat(recordsFor(kafka.readUntil(TOPIC, all -> false, Duration.ofSeconds(2)), key))
                .as("the other transaction took it: this round sends nothing").isEmpty();
    }
}
