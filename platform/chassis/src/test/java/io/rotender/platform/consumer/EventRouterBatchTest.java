package io.rotender.platform.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.rotender.platform.events.EventEnvelope;
import io.rotender.platform.sample.BulkTallyConsumer;
import io.rotender.platform.sample.TypedTallyConsumer;
import io.rotender.platform.testing.KafkaTestClient;
import io.rotender.platform.testing.TestDatabase;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event router's batch path ({@code BatchTallyConsumer}): one transaction per polled batch, each event once; and with
 * a bulk handler ({@code BulkTallyConsumer}): what it takes together, the rest alone, each event once.
 */
@QuarkusTest
class EventRouterBatchTest {

    private static final String TOPIC = "chassis-sample.batch-tally";
    private static final String BULK_TOPIC = "chassis-sample.bulk-tally";

    @Inject
    ObjectMapper mapper;
    @Inject
    MeterRegistry registry;

    @RegisterExtension
    final KafkaTestClient kafka = KafkaTestClient.perTest();

    private String counted(String aggregate, int n) throws Exception {
        return mapper.writeValueAsString(EventEnvelope.of("Counted", "test", aggregate, Map.of("n", n), mapper));
    }

    private long applied(String aggregate) {
        return TestDatabase.count("SELECT coalesce(sum(applied), 0) FROM tally WHERE aggregate_id = ?", aggregate);
    }

    private List<ConsumerRecord<String, String>> deadLetters(String value) {
        return kafka.readUntil(TOPIC + ".dlq", all -> all.stream().anyMatch(r -> value.equals(r.value())), Duration.ofSeconds(30))
                .stream().filter(r -> value.equals(r.value())).toList();
    }

    @Test
    void aBatchAppliesEachEventOnceAndDeadLettersOnlyWhatCannotBeRead() throws Exception {
        String aggregate = "agg-" + UUID.randomUUID();
        String one = counted(aggregate, 1);
        String unfit = counted(aggregate, 0);
        String unreadable = "{not an envelope " + aggregate;
        for (int i = 0; i < 20; i++) {
            kafka.send(TOPIC, aggregate, counted(aggregate, 2));
        }
        kafka.send(TOPIC, aggregate, one, Map.of("ce_type", "Counted"));
        kafka.send(TOPIC, aggregate, one); // the same event again: applied once
        kafka.send(TOPIC, aggregate, unfit);
        kafka.send(TOPIC, aggregate, unreadable);
        kafka.send(TOPIC, aggregate, "{not json, skipped by its header", Map.of("ce_type", "Other"));
        kafka.send(TOPIC, aggregate, "{not json, another partner's", Map.of("ce_type", "Counted", "ce_partnerid", "elsewhere"));
        kafka.send(TOPIC, aggregate, counted(aggregate, 1000), Map.of("ce_type", "Counted", "ce_partnerid", "elsewhere"));
        kafka.send(TOPIC, aggregate, counted(aggregate, 100), Map.of("ce_type", "Counted", "ce_partnerid", "here"));

        await().atMost(Duration.ofSeconds(30)).until(() -> applied(aggregate) == 20 * 2 + 1 + 100);
        assertThat(deadLetters(unfit)).hasSize(1);
        assertThat(KafkaTestClient.header(deadLetters(unreadable).get(0), "dead-letter-reason")).contains("not a Rotender event envelope");
        UUID oneId = UUID.fromString(mapper.readTree(one).get("eventId").asText());
        assertThat(TestDatabase.count("SELECT count(*) FROM processed_event WHERE consumer = 'batch-tally' AND event_id = ?", oneId)).isEqualTo(1);
        assertThat(registry.counter("rotender.events.consumed", "consumer", "batch-tally", "outcome", "duplicate").count()).isPositive();
        // the batches were acknowledged, the dead-lettered records with them: the group commits to the end
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.lag("chassis-sample", TOPIC) == 0);
    }

    @Test
    void eventsTheChecksReadRefusesAreLeftOutOfTheBatchsTransaction() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String closed = TypedTallyConsumer.closedAggregate();
        String open = "agg-" + UUID.randomUUID();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String event = counted(closed, 1);
            refused.add(event);
            kafka.send(TOPIC, key, event);
            kafka.send(TOPIC, key, counted(open, 1));
        }
        kafka.send(TOPIC, key, counted(open, 10));

        await().atMost(Duration.ofSeconds(30)).until(() -> applied(open) == 5 + 10);
        assertThat(applied(closed)).isZero();
        for (String event : refused) {
            assertThat(TestDatabase.count("SELECT count(*) FROM processed_event WHERE consumer = 'batch-tally' AND event_id = ?",
                    UUID.fromString(mapper.readTree(event).get("eventId").asText()))).isZero();
        }
    }

    @Test
    void aBatchWhoseTransactionFailsIsAppliedOneByOneAndOnlyTheFailingEventIsDeadLettered() throws Exception {
        String aggregate = "agg-" + UUID.randomUUID();
        String failing = counted(aggregate, 13);
        kafka.send(TOPIC, aggregate, counted(aggregate, 5));
        kafka.send(TOPIC, aggregate, failing);
        kafka.send(TOPIC, aggregate, counted(aggregate, 7));

        List<ConsumerRecord<String, String>> dead = deadLetters(failing);
        assertThat(KafkaTestClient.header(dead.get(0), "dead-letter-reason")).contains("13 is not counted here");
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(aggregate) == 12);
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.lag("chassis-sample", TOPIC) == 0);
        assertThat(applied(aggregate)).as("nothing applied twice after the fallback").isEqualTo(12);
    }

    @Test
    void aBatchsEventsGoTogetherWhereTheBulkHandlerTakesThemAndAloneOtherwiseEachOnce() throws Exception {
        String tally = "bulk-" + UUID.randomUUID();
        Map<String, String> distinctKeys = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        String anEven = null;
        for (int i = 0; i < 10; i++) {
            String event = mapper.writeValueAsString(EventEnvelope.of("Counted", "test", tally,
                    new BulkTallyConsumer.Counted(tally, i % 2 == 0 ? 2 : 1), mapper));
            distinctKeys.put(tally + "-k" + i, event);
            ids.add(mapper.readTree(event).get("eventId").asText());
            anEven = i == 0 ? event : anEven;
        }
        kafka.sendAll(BULK_TOPIC, distinctKeys);
        // two records of one key keep their order: each applied alone; an event sent again is applied once
        kafka.send(BULK_TOPIC, tally + "-shared", mapper.writeValueAsString(EventEnvelope.of("Counted", "test", tally,
                new BulkTallyConsumer.Counted(tally, 4), mapper)));
        kafka.send(BULK_TOPIC, tally + "-shared", mapper.writeValueAsString(EventEnvelope.of("Counted", "test", tally,
                new BulkTallyConsumer.Counted(tally, 6), mapper)));
        kafka.send(BULK_TOPIC, tally + "-k0", anEven);

        await().atMost(Duration.ofSeconds(30)).until(() -> applied(tally) + applied(tally + "/together") == 5 * 2 + 5 + 4 + 6);
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.lag("chassis-sample", BULK_TOPIC) == 0);
        long together = applied(tally + "/together");
        assertThat(applied(tally) + together).as("each event once").isEqualTo(25);
        assertThat(applied(tally)).as("the odd counts and the shared key's, alone").isGreaterThanOrEqualTo(5 + 4 + 6);
        assertThat(together).as("the even counts of one key each, sent at once: together").isPositive();
        assertThat(registry.counter("rotender.events.together", "consumer", "bulk-tally").count()).isPositive();
        for (String id : ids) {
            assertThat(TestDatabase.count("SELECT count(*) FROM processed_event WHERE consumer = 'bulk-tally' AND event_id = ?",
                    UUID.fromString(id))).as("recorded once, also when the bulk handler left it").isEqualTo(1);
        }
    }
}
