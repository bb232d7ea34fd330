package io.rotender.platform.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotender.platform.consumer.DeadLettered;
import io.rotender.platform.events.CloudEventHeaders;
import io.rotender.platform.consumer.EventRouters;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads dead-letter topics without a consumer group (nothing is committed, no consumer of the platform is
 * disturbed): a range of offsets of a partition, or the newest messages of each partition.
 */
@ApplicationScoped
public class DeadLetterLog {

    /** Which messages to read: a partition (or all), an offset range (inclusive; or the newest {@code limit}). */
    public record Selection(String topic, Integer partition, Long fromOffset, Long toOffset, int limit) {
    }

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Map<String, Object> kafka;
    private final EventRouters routers;
    private final ObjectMapper mapper;

    public DeadLetterLog(@Identifier("default-kafka-broker") Map<String, Object> kafka, EventRouters routers, ObjectMapper mapper) {
        this.kafka = kafka;
        this.routers = routers;
        this.mapper = mapper;
    }

    /** The messages {@code selection} names, in partition and offset order. */
    public List<DeadLetter> read(Selection selection) {
        Set<String> ours = routers.consumers();
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config())) {
            List<PartitionInfo> infos = consumer.partitionsFor(selection.topic(), WAIT);
            for (PartitionInfo info : infos == null ? List.<PartitionInfo>of() : infos) {
                if (selection.partition() != null && selection.partition() != info.partition()) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(info.topic(), info.partition());
                consumer.assign(List.of(tp));
                long begin = consumer.beginningOffsets(List.of(tp), WAIT).get(tp);
                long end = consumer.endOffsets(List.of(tp), WAIT).get(tp);
                long from = selection.fromOffset() == null ? Math.max(begin, end - selection.limit()) : Math.max(begin, selection.fromOffset());
                long until = selection.toOffset() == null ? end : Math.min(end, selection.toOffset() + 1);
                until = Math.min(until, from + selection.limit());
                if (from >= until) {
                    continue;
                }
                consumer.seek(tp, from);
                long deadline = System.nanoTime() + WAIT.toNanos();
                long next = from;
                while (next < until && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.offset() < until) {
                            letters.add(letter(record, ours));
                        }
                        next = record.offset() + 1;
                    }
                }
            }
        }
        return letters;
    }

    private Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "dead-letter-reader");
        return config;
    }

    private DeadLetter letter(ConsumerRecord<String, String> record, Set<String> ours) {
        Headers h = record.headers();
        String eventId = header(h, CloudEventHeaders.ID);
        String type = header(h, CloudEventHeaders.TYPE);
        if (eventId == null || type == null) { // a message written without CloudEvents headers: its envelope says it
            JsonNode envelope = envelope(record.value());
            eventId = eventId != null ? eventId : envelope.path("eventId").asText(null);
            type = type != null ? type : envelope.path("type").asText(null);
        }
        String reason = header(h, "dead-letter-reason");
        String consumer = DeadLettered.consumerOf(reason).orElse(null);
        String partition = header(h, "dead-letter-partition");
        String offset = header(h, "dead-letter-offset");
        return new DeadLetter(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.key(), eventId, type, consumer, consumer != null && ours.contains(consumer),
                reason, header(h, "dead-letter-cause"), header(h, "dead-letter-topic"),
                partition == null ? null : Integer.valueOf(partition), offset == null ? null : Long.valueOf(offset),
                header(h, DeadLetterReplay.REPLAYED_FROM), own(h), record.value());
    }

    /** The message's own headers: without those the dead-letter queue and a replay added. */
    private static Map<String, String> own(Headers headers) {
        Map<String, String> own = new LinkedHashMap<>();
        for (Header header : headers) {
            if (!header.key().startsWith("dead-letter-") && !header.key().equals(DeadLetterReplay.REPLAYED_FROM)) {
                own.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return own;
    }

    private JsonNode envelope(String value) {
        try {
            return value == null ? mapper.missingNode() : mapper.readTree(value);
        } catch (Exception e) {
            return mapper.missingNode(); // not even JSON: no id or type to tell
        }
    }

    static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
