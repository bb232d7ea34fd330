package io.rotender.platform.deadletters;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.rotender.platform.events.EventEnvelope;
import io.rotender.platform.testing.KafkaTestClient;
import io.rotender.platform.testing.TestCredentials;
import io.rotender.platform.testing.TestDatabase;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
class DeadLettersTest {

    private static final String TOPIC = "chassis-sample.typed-tally";
    private static final String DLQ = TOPIC + ".dlq";

    @Inject
    ObjectMapper mapper;

    @RegisterExtension
    final KafkaTestClient kafka = KafkaTestClient.perTest();

    private EventEnvelope counted(String aggregate, int n) {
        return EventEnvelope.of("Counted", "test", aggregate, Map.of("n", n), mapper);
    }

    private String send(String topic, EventEnvelope event, Map<String, String> extraHeaders) throws Exception {
        String json = mapper.writeValueAsString(event);
        Map<String, String> headers = new java.util.HashMap<>(Map.of("ce_type", "Counted", "ce_id", event.eventId().toString()));
        headers.putAll(extraHeaders);
        kafka.send(topic, event.aggregateId(), json, headers);
        return json;
    }

    private static JsonPath list(String query) {
        return given().header("Authorization", TestCredentials.adminBearer()).get("/admin/dead-letters" + query)
                .then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> letter(String query, String eventId, int nth) {
        List<Map<String, Object>> all = list(query).getList("deadLetters");
        List<Map<String, Object>> of = all.stream().filter(l -> eventId.equals(l.get("eventId"))).toList();
        return of.size() > nth ? of.get(nth) : null;
    }

    private static JsonPath replay(Map<String, Object> request) {
        return given().header("Authorization", TestCredentials.adminBearer()).contentType("application/json").body(request)
                .post("/admin/dead-letters/replay").then().statusCode(200).extract().jsonPath();
    }

    private long applied(String aggregate) {
        return TestDatabase.count("SELECT applied FROM tally WHERE aggregate_id = ?", aggregate);
    }

    @Test
    void aPoisonMessageIsListedAndReplayedToItsTopicWithItsKeyAndHeaders() throws Exception {
        String aggregate = "agg-" + UUID.randomUUID();
        EventEnvelope unfit = counted(aggregate, 0);
        String eventId = unfit.eventId().toString();
        String json = send(TOPIC, unfit, Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));

        await().atMost(Duration.ofSeconds(30)).until(() -> letter("?topic=" + DLQ, eventId, 0) != null);
        Map<String, Object> dead = letter("", eventId, 0);
        assertThat(dead).containsEntry("topic", DLQ).containsEntry("key", aggregate).containsEntry("type", "Counted")
                .containsEntry("consumer", "typed-tally").containsEntry("thisService", true).containsEntry("originalTopic", TOPIC)
                .containsEntry("value", json);
        assertThat((String) dead.get("reason")).startsWith("typed-tally: ").contains("n must be positive");
        assertThat((Map<String, Object>) dead.get("headers")).containsEntry("ce_type", "Counted")
                .containsKey("traceparent").doesNotContainKey("dead-letter-reason");
        String position = DLQ + "/" + dead.get("partition") + "/" + dead.get("offset");

        JsonPath dry = replay(Map.of("topic", DLQ, "eventIds", List.of(eventId), "dryRun", true));
        assertThat(dry.getBoolean("dryRun")).isTrue();
        assertThat(dry.getList("replayed.deadLetter")).containsExactly(position);
        assertThat(dry.getList("replayed.to")).containsExactly(TOPIC);

        JsonPath done = replay(Map.of("topic", DLQ, "eventIds", List.of(eventId)));
        assertThat(done.getList("replayed.deadLetter")).containsExactly(position);
        assertThat(done.getString("replayed[0].to")).startsWith(TOPIC + "/");

        // on its topic twice: the original and the one replay (the dry run sent nothing)
        List<ConsumerRecord<String, String>> copies = kafka.readUntil(TOPIC,
                all -> all.stream().filter(r -> json.equals(r.value())).count() >= 2, Duration.ofSeconds(30)).stream()
                .filter(r -> json.equals(r.value())).toList();
        assertThat(copies).hasSize(2);
        ConsumerRecord<String, String> replayed = copies.get(1);
        assertThat(replayed.key()).isEqualTo(aggregate);
        assertThat(KafkaTestClient.header(replayed, "ce_type")).isEqualTo("Counted");
        assertThat(KafkaTestClient.header(replayed, "ce_id")).isEqualTo(eventId);
        assertThat(KafkaTestClient.header(replayed, "traceparent")).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(KafkaTestClient.header(replayed, "replayed-from")).isEqualTo(position);
        assertThat(KafkaTestClient.header(replayed, "dead-letter-reason")).isNull();

        // still unfit: given up again, the new dead letter says which one it was replayed from
        await().atMost(Duration.ofSeconds(30)).until(() -> letter("?topic=" + DLQ, eventId, 1) != null);
        assertThat(letter("?topic=" + DLQ, eventId, 1)).containsEntry("replayedFrom", position);
        assertThat(applied(aggregate)).isZero();
    }

    @Test
    void aReplayOfAnEventAlreadyAppliedChangesNothing() throws Exception {
        String aggregate = "agg-" + UUID.randomUUID();
        EventEnvelope five = counted(aggregate, 5);
        String json = send(TOPIC, five, Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(aggregate) == 5);

        // the same event in the dead-letter topic, as if a consumer had given it up after applying it (a timeout after commit)
        send(DLQ, five, Map.of("dead-letter-reason", "typed-tally: timed out", "dead-letter-topic", TOPIC,
                "dead-letter-partition", "0", "dead-letter-offset", "0"));
        String eventId = five.eventId().toString();
        await().atMost(Duration.ofSeconds(30)).until(() -> letter("?topic=" + DLQ, eventId, 0) != null);
        Map<String, Object> dead = letter("?topic=" + DLQ, eventId, 0);
        long offset = ((Number) dead.get("offset")).longValue();

        JsonPath done = replay(Map.of("topic", DLQ, "partition", dead.get("partition"), "fromOffset", offset, "toOffset", offset));
        assertThat(done.getList("replayed.eventId")).containsExactly(eventId);
        kafka.readUntil(TOPIC, all -> all.stream().filter(r -> json.equals(r.value())).count() >= 2, Duration.ofSeconds(30));

        // an event after it on the same key: once it is applied, the replay before it was seen, and skipped
        EventEnvelope one = counted(aggregate, 1);
        send(TOPIC, one, Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(aggregate) >= 6);
        assertThat(applied(aggregate)).isEqualTo(6);
        assertThat(TestDatabase.count("SELECT count(*) FROM processed_event WHERE consumer = 'typed-tally' AND event_id = ?",
                five.eventId())).isEqualTo(1);
    }

    @Test
    void aDeadLetterOfAnotherServicesConsumerIsListedOnlyOnAskingAndNotReplayedHere() throws Exception {
        EventEnvelope event = counted("agg-" + UUID.randomUUID(), 2);
        send(DLQ, event, Map.of("dead-letter-reason", "inventory-service.catalog: no such unit", "dead-letter-topic", TOPIC));
        String eventId = event.eventId().toString();
        await().atMost(Duration.ofSeconds(30)).until(() -> letter("?all=true&topic=" + DLQ, eventId, 0) != null);
        assertThat(letter("?all=true", eventId, 0)).containsEntry("consumer", "inventory-service.catalog").containsEntry("thisService", false);
        assertThat(letter("", eventId, 0)).as("not among this service's by default").isNull();

        JsonPath answer = replay(Map.of("topic", DLQ, "eventIds", List.of(eventId)));
        assertThat(answer.getList("replayed")).isEmpty();
        assertThat(answer.getString("skipped[0].reason")).contains("inventory-service.catalog");
    }

    @Test
    void badRequestsAreRefusedWithAProblem() {
        given().get("/admin/dead-letters").then().statusCode(401);
        given().header("Authorization", TestCredentials.adminBearer()).get("/admin/dead-letters?topic=rotender.orders.events.dlq")
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString(DLQ));
        given().header("Authorization", TestCredentials.adminBearer()).get("/admin/dead-letters?limit=0").then().statusCode(400);
        for (Map<String, Object> bad : List.of(Map.<String, Object>of("topic", DLQ),
                Map.<String, Object>of("topic", DLQ, "fromOffset", 0, "toOffset", 3),
                Map.<String, Object>of("topic", DLQ, "partition", 0, "fromOffset", 5, "toOffset", 3),
                Map.<String, Object>of("topic", DLQ, "partition", 0, "fromOffset", 0),
                Map.<String, Object>of("topic", DLQ, "eventIds", List.of("x"), "surprise", true),
                Map.<String, Object>of("eventIds", List.of("x")))) {
            given().header("Authorization", TestCredentials.adminBearer()).contentType("application/json").body(bad)
                    .post("/admin/dead-letters/replay").then().statusCode(400).contentType("application/problem+json");
        }
    }
}
