package io.rotender.platform.deadletters;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Puts dead letters back on the topic they came from ({@code dead-letter-topic}), with their key, value and headers
 * (the {@code dead-letter-*} ones dropped) and a {@code replayed-from} header naming the dead letter
 * ({@code topic/partition/offset}). Every consumer of that topic sees the message again: one that had applied
 * it skips it by its event id (the idempotent consumers record every applied id), one that had given it up
 * applies it now or, if it still cannot, dead-letters it again, with the {@code replayed-from} header.
 */
@ApplicationScoped
public class DeadLetterReplay {

    public static final String REPLAYED_FROM = "replayed-from";

    /** A dead letter and where its replay went (null in a dry run). */
    public record Replayed(DeadLetter deadLetter, String to, Integer partition, Long offset) {
    }

    private final Map<String, Object> kafka;
    private final MeterRegistry metrics;

    public DeadLetterReplay(@Identifier("default-kafka-broker") Map<String, Object> kafka, MeterRegistry metrics) {
        this.kafka = kafka;
        this.metrics = metrics;
    }

    /** Sends each letter to its original topic and waits until the broker has them all; in order, per original partition. */
    public List<Replayed> replay(List<DeadLetter> letters) throws Exception {
        List<Replayed> done = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (DeadLetter letter : letters) {
                sent.add(producer.send(record(letter)));
            }
            producer.flush();
            for (int i = 0; i < letters.size(); i++) {
                RecordMetadata at = sent.get(i).get(30, TimeUnit.SECONDS);
                DeadLetter letter = letters.get(i);
                metrics.counter("rotender.deadletters.replayed", "topic", letter.originalTopic()).increment();
                Log.infof("Dead letter %s (event %s, %s) replayed to %s/%d/%d", letter.position(), letter.eventId(), letter.type(),
                        at.topic(), at.partition(), at.offset());
                done.add(new Replayed(letter, at.topic(), at.partition(), at.offset()));
            }
        }
        return done;
    }

    private static ProducerRecord<String, String> record(DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        letter.headers().forEach((name, value) -> headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
        headers.add(REPLAYED_FROM, letter.position().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(letter.originalTopic(), null, letter.key(), letter.value(), headers);
    }

    private Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.keySet().removeIf(key -> key.startsWith("group.") || key.startsWith("auto.") || key.startsWith("enable.auto"));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "dead-letter-replay");
        return config;
    }
}
