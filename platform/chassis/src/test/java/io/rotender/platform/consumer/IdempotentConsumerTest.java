package io.rotender.platform.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import io.rotender.platform.deadletters.DeadLetterTopics;
import io.rotender.platform.events.EventEnvelope;
import io.rotender.platform.sample.DoublingConsumer;
import io.rotender.platform.sample.TypedTallyConsumer;
import io.rotender.platform.testing.KafkaTestClient;
import io.rotender.platform.testing.TestDatabase;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class IdempotentConsumerTest {

    private static final String TOPIC = "chassis-sample.tally";

    @Inject
    ObjectMapper mapper;
    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;
    @Inject
    DeadLetterTopics deadLetterTopics;

    @RegisterExtension
    final KafkaTestClient kafka = KafkaTestClient.perTest();

    private String event(String aggregateId) throws Exception {
        return mapper.writeValueAsString(EventEnvelope.of("Counted", "test", aggregateId, Map.of("n", 1), mapper));
    }

    private long applied(String aggregateId) {
        return TestDatabase.count("SELECT applied FROM tally WHERE aggregate_id = ?", aggregateId);
    }

    private boolean processed(String json) throws Exception {
        UUID id = UUID.fromString(mapper.readTree(json).get("eventId").asText());
        return TestDatabase.count("SELECT count(*) FROM processed_event WHERE consumer = 'tally' AND event_id = ?", id) == 1;
    }

    @Test
    void redeliveredEventChangesStateOnce() throws Exception {
        String aggregate = "agg-" + UUID.randomUUID();
        String first = event(aggregate);
        String second = event(aggregate);

        kafka.send(TOPIC, aggregate, first);
        kafka.send(TOPIC, aggregate, first);
        kafka.send(TOPIC, aggregate, first);
        kafka.send(TOPIC, aggregate, second);

        // same key, same partition: once the second event is applied, every copy of the first was seen
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(second));
        assertThat(applied(aggregate)).isEqualTo(2);
    }

    @Test
    void anEventTheConsumerIgnoresIsAcknowledgedWithoutATransaction() throws Exception {
        String aggregate = "agg-" + UUID.randomUUID();
        String ignored = mapper.writeValueAsString(EventEnvelope.of("Skipped", "test", aggregate, Map.of("n", 1), mapper));
        String counted = event(aggregate);
        kafka.send(TOPIC, aggregate, ignored);
        kafka.send(TOPIC, aggregate, counted);

        await().atMost(Duration.ofSeconds(30)).until(() -> processed(counted));
        assertThat(processed(ignored)).as("nothing recorded for an ignored event").isFalse();
        assertThat(applied(aggregate)).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM processed_event WHERE consumer = 'tally' AND event_id = ?",
                UUID.fromString(mapper.readTree(ignored).get("eventId").asText()))).isZero();
    }

    @Test
    void aRecordWhoseTypeHeaderNamesAnIgnoredTypeIsSkippedUnparsed() throws Exception {
        String aggregate = "agg-" + UUID.randomUUID();
        double skippedBefore = registry.counter("rotender.events.skipped").count();
        // not even JSON: parsed, it would be dead-lettered; its header says it is not for this consumer
        kafka.send("chassis-sample.typed-tally", aggregate, "{not json " + aggregate, Map.of("ce_type", "Skipped"));
        // no header: parsed, and ignored for its envelope's type
        kafka.send("chassis-sample.typed-tally", aggregate,
                mapper.writeValueAsString(EventEnvelope.of("Skipped", "test", aggregate, Map.of("n", 1), mapper)));
        String counted = event(aggregate);
        kafka.send("chassis-sample.typed-tally", aggregate, counted, Map.of("ce_type", "Counted"));

        UUID countedId = UUID.fromString(mapper.readTree(counted).get("eventId").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM processed_event WHERE consumer = 'typed-tally' AND event_id = ?", countedId) == 1);
        assertThat(applied(aggregate)).isEqualTo(1);
        assertThat(registry.counter("rotender.events.skipped").count() - skippedBefore).isEqualTo(1.0);
        assertThat(registry.counter("rotender.events.consumed", "consumer", "typed-tally", "outcome", "poison").count()).isZero();
    }

    @Test
    void aRecordAboutAPartnerTheConsumerDoesNotServeIsPassedOverUnread() throws Exception {
        String aggregate = "agg-" + UUID.randomUUID();
        // not even JSON: read, it would be dead-lettered; its partner header says it is not for this consumer
        kafka.send("chassis-sample.typed-tally", aggregate, "{not json " + aggregate,
                Map.of("ce_type", "Counted", "ce_partnerid", "elsewhere-1"));
        String other = mapper.writeValueAsString(EventEnvelope.of("Counted", "test", aggregate, Map.of("n", 5), mapper));
        kafka.send("chassis-sample.typed-tally", aggregate, other, Map.of("ce_type", "Counted", "ce_partnerid", "elsewhere-2"));
        String served = mapper.writeValueAsString(EventEnvelope.of("Counted", "test", aggregate, Map.of("n", 2), mapper));
        kafka.send("chassis-sample.typed-tally", aggregate, served, Map.of("ce_type", "Counted", "ce_partnerid", "here"));

        UUID servedId = UUID.fromString(mapper.readTree(served).get("eventId").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM processed_event WHERE consumer = 'typed-tally' AND event_id = ?", servedId) == 1);
        assertThat(applied(aggregate)).as("only the served partner's event counted").isEqualTo(2);
        assertThat(TestDatabase.count("SELECT count(*) FROM processed_event WHERE consumer = 'typed-tally' AND event_id = ?",
                UUID.fromString(mapper.readTree(other).get("eventId").asText()))).isZero();
        assertThat(registry.counter("rotender.events.consumed", "consumer", "typed-tally", "outcome", "poison").count()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.lag("chassis-sample", "chassis-sample.typed-tally") == 0);
    }

    @Test
    void anEventTheRoutersCheckRefusesIsAcknowledgedAfterOneReadWithoutATransaction() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String closed = TypedTallyConsumer.closedAggregate();
        String open = "agg-" + UUID.randomUUID();
        String refused = mapper.writeValueAsString(EventEnvelope.of("Counted", "test", closed, Map.of("n", 7), mapper));
        String taken = mapper.writeValueAsString(EventEnvelope.of("Counted", "test", open, Map.of("n", 3), mapper));
        double ignoredBefore = registry.counter("rotender.events.consumed", "consumer", "typed-tally", "outcome", "ignored").count();
        // one key, one partition: once the second is applied, the first was seen
        kafka.send("chassis-sample.typed-tally", key, refused, Map.of("ce_type", "Counted"));
        kafka.send("chassis-sample.typed-tally", key, taken, Map.of("ce_type", "Counted"));

        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM processed_event WHERE consumer = 'typed-tally' AND event_id = ?",
                UUID.fromString(mapper.readTree(taken).get("eventId").asText())) == 1);
        assertThat(applied(open)).isEqualTo(3);
        assertThat(TestDatabase.count("SELECT count(*) FROM tally WHERE aggregate_id = ?", closed)).isZero();
        assertThat(TestDatabase.count("SELECT count(*) FROM processed_event WHERE consumer = 'typed-tally' AND event_id = ?",
                UUID.fromString(mapper.readTree(refused).get("eventId").asText()))).as("nothing recorded for it").isZero();
        assertThat(registry.counter("rotender.events.consumed", "consumer", "typed-tally", "outcome", "ignored").count()
                - ignoredBefore).isEqualTo(1.0);
    }

    @Test
    void aRoutedEventWhoseDataDoesNotFitItsRecordIsDeadLetteredAndTheNextIsApplied() throws Exception {
        String aggregate = "agg-" + UUID.randomUUID();
        String unfit = mapper.writeValueAsString(EventEnvelope.of("Counted", "test", aggregate, Map.of("n", 0), mapper));
        String fit = mapper.writeValueAsString(EventEnvelope.of("Counted", "test", aggregate, Map.of("n", 3), mapper));
        kafka.send("chassis-sample.typed-tally", aggregate, unfit, Map.of("ce_type", "Counted"));
        kafka.send("chassis-sample.typed-tally", aggregate, fit, Map.of("ce_type", "Counted"));

        List<ConsumerRecord<String, String>> dead = kafka.readUntil("chassis-sample.typed-tally.dlq",
                all -> all.stream().anyMatch(r -> unfit.equals(r.value())), Duration.ofSeconds(30));
        ConsumerRecord<String, String> record = dead.stream().filter(r -> unfit.equals(r.value())).findFirst().orElseThrow();
        assertThat(KafkaTestClient.header(record, "dead-letter-reason")).contains("not a valid Counted").contains("n must be positive");
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(aggregate) == 3);
    }

    @Test
    void aChannelOfTwoTopicsHandsEachRecordToItsTopicsRouterAndDeadLettersToItsTopicsDeadLetterTopic() throws Exception {
        String aggregate = "agg-" + UUID.randomUUID();
        String doubled = mapper.writeValueAsString(EventEnvelope.of("Counted", "test", aggregate, Map.of("n", 3), mapper));
        String unfit = mapper.writeValueAsString(EventEnvelope.of("Counted", "test", aggregate, Map.of("n", 0), mapper));
        String counted = mapper.writeValueAsString(EventEnvelope.of("Counted", "test", aggregate, Map.of("n", 1), mapper));
        kafka.send("chassis-sample.doubled", aggregate, doubled, Map.of("ce_type", "Counted"));
        kafka.send("chassis-sample.doubled", aggregate, unfit, Map.of("ce_type", "Counted"));
        kafka.send("chassis-sample.typed-tally", aggregate, counted, Map.of("ce_type", "Counted"));

        // each topic's router applied its own record: 2 x 3 from the second topic, 1 from the first
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(aggregate) == 7);
        UUID doubledId = UUID.fromString(mapper.readTree(doubled).get("eventId").asText());
        assertThat(TestDatabase.count("SELECT count(*) FROM processed_event WHERE consumer = 'doubled' AND event_id = ?", doubledId))
                .as("recorded under the name of its topic's router").isEqualTo(1);

        List<ConsumerRecord<String, String>> dead = kafka.readUntil("chassis-sample.doubled.dlq",
                all -> all.stream().anyMatch(r -> unfit.equals(r.value())), Duration.ofSeconds(30));
        ConsumerRecord<String, String> record = dead.stream().filter(r -> unfit.equals(r.value())).findFirst().orElseThrow();
        assertThat(record.key()).isEqualTo(aggregate);
        assertThat(KafkaTestClient.header(record, "dead-letter-reason")).startsWith("doubled: ").contains("n must be positive");
        assertThat(KafkaTestClient.header(record, "dead-letter-topic")).isEqualTo("chassis-sample.doubled");
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.lag("chassis-sample", "chassis-sample.doubled") == 0);
        assertThat(deadLetterTopics.all()).containsEntry("chassis-sample.doubled.dlq", "chassis-sample.doubled")
                .containsEntry("chassis-sample.typed-tally.dlq", "chassis-sample.typed-tally");
    }

    @Test
    void aPollsRecordsOfATopicWithABulkHandlerAreAppliedTogetherAndWhatCannotBeReadGoesToItsTopicsDeadLetterTopic() throws Exception {
        double togetherBefore = registry.counter("rotender.events.together", "consumer", "doubled").count();
        long tallyBefore = applied(DoublingConsumer.TOGETHER);
        List<String> aggregates = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            String aggregate = "agg-" + UUID.randomUUID();
            aggregates.add(aggregate);
            values.add(mapper.writeValueAsString(EventEnvelope.of("Counted", "test", aggregate, Map.of("n", n), mapper)));
        }
        String unfitKey = "agg-" + UUID.randomUUID();
        String unfit = "{not json";
        for (int i = 0; i < values.size(); i++) {
            kafka.send("chassis-sample.doubled", aggregates.get(i), values.get(i), Map.of("ce_type", "Counted"));
        }
        kafka.send("chassis-sample.doubled", unfitKey, unfit, Map.of("ce_type", "Counted"));

        // 2 x (1 + 2 + 3 + 4), each count once: together (the poll's distinct keys) or, if the poll split them, alone
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(DoublingConsumer.TOGETHER) - tallyBefore
                + aggregates.stream().mapToLong(this::applied).sum() == 20);
        assertThat(registry.counter("rotender.events.together", "consumer", "doubled").count() - togetherBefore)
                .as("applied together").isPositive();
        for (String value : values) {
            assertThat(TestDatabase.count("SELECT count(*) FROM processed_event WHERE consumer = 'doubled' AND event_id = ?",
                    UUID.fromString(mapper.readTree(value).get("eventId").asText()))).isEqualTo(1);
        }
        List<ConsumerRecord<String, String>> dead = kafka.readUntil("chassis-sample.doubled.dlq",
                all -> all.stream().anyMatch(r -> unfit.equals(r.value())), Duration.ofSeconds(30));
        ConsumerRecord<String, String> record = dead.stream().filter(r -> unfit.equals(r.value())).findFirst().orElseThrow();
        assertThat(record.key()).isEqualTo(unfitKey);
        assertThat(KafkaTestClient.header(record, "dead-letter-reason")).startsWith("doubled: ");
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.lag("chassis-sample", "chassis-sample.doubled") == 0);
    }

    @Test
    void anEventsAgeAtConsumptionIsMeasuredFromItsTimePerConsumer() throws Exception {
        String aggregate = "agg-" + UUID.randomUUID();
        EventEnvelope fresh = EventEnvelope.of("Counted", "test", aggregate, Map.of("n", 1), mapper);
        // written ten minutes ago (a consumer that was down, a replayed dead letter): past the last bucket, 60 s
        EventEnvelope old = new EventEnvelope(UUID.randomUUID(), "Counted", "test", Instant.now().minus(Duration.ofMinutes(10)),
                aggregate, mapper.valueToTree(Map.of("n", 1)));
        kafka.send(TOPIC, aggregate, mapper.writeValueAsString(old));
        kafka.send(TOPIC, aggregate, mapper.writeValueAsString(fresh));
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(aggregate) == 2);

        Timer ages = registry.find("rotender.events.age").tag("consumer", "tally").timer();
        assertThat(ages).isNotNull();
        assertThat(ages.max(TimeUnit.SECONDS)).as("the old event's age").isGreaterThanOrEqualTo(600);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("rotender_events_age_seconds_bucket{consumer=\"tally\",le=\"0.005\"}")
                .contains("rotender_events_age_seconds_bucket{consumer=\"tally\",le=\"60.0\"}");
        double withinAMinute = bucket(metrics, "tally", "60.0");
        double all = bucket(metrics, "tally", "+Inf");
        assertThat(all - withinAMinute).as("events older than the last bucket").isGreaterThanOrEqualTo(1);
    }

    private static double bucket(String metrics, String consumer, String le) {
        String prefix = "rotender_events_age_seconds_bucket{consumer=\"" + consumer + "\",le=\"" + le + "\"} ";
        return metrics.lines().filter(line -> line.startsWith(prefix)).mapToDouble(line -> Double.parseDouble(line.substring(prefix.length())))
                .findFirst().orElseThrow(() -> new AssertionError("no bucket " + le + " for " + consumer));
    }

    @Test
    void poisonMessageLandsInTheDeadLetterTopicAndThePartitionKeepsFlowing() throws Exception {
        String aggregate = "agg-" + UUID.randomUUID();
        String poison = "{not json at all " + aggregate;
        String good = event(aggregate);

        kafka.send(TOPIC, aggregate, poison);
        kafka.send(TOPIC, aggregate, good);

        await().atMost(Duration.ofSeconds(30)).until(() -> processed(good));
        assertThat(applied(aggregate)).isEqualTo(1);

        List<ConsumerRecord<String, String>> dead = kafka.readUntil(TOPIC + ".dlq",
                all -> all.stream().anyMatch(r -> poison.equals(r.value())), Duration.ofSeconds(30));
        ConsumerRecord<String, String> record = dead.stream().filter(r -> poison.equals(r.value())).findFirst().orElseThrow();
        assertThat(record.key()).isEqualTo(aggregate);
        assertThat(KafkaTestClient.header(record, "dead-letter-reason")).contains("not a Rotender event envelope");
    }

    @Test
    void envelopeWithoutEventIdIsDeadLetteredNotApplied() {
        String aggregate = "agg-" + UUID.randomUUID();
        String noId = "{\"type\":\"Counted\",\"aggregateId\":\"" + aggregate + "\",\"data\":{}}";
        kafka.send(TOPIC, aggregate, noId);

        List<ConsumerRecord<String, String>> dead = kafka.readUntil(TOPIC + ".dlq",
                all -> all.stream().anyMatch(r -> noId.equals(r.value())), Duration.ofSeconds(30));
        assertThat(dead.stream().filter(r -> noId.equals(r.value()))).hasSize(1);
        assertThat(applied(aggregate)).isZero();
    }
}
