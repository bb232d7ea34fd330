package io.rotender.platform.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Plain Kafka producer and reader for tests that check what really went over the broker. In a test class,
 * {@code @RegisterExtension final KafkaTestClient kafka = KafkaTestClient.perTest();} gives each test a client on
 * the broker of the test's configuration ({@code kafka.bootstrap.servers}), closed after it.
 */
public final class KafkaTestClient implements AutoCloseable, AfterEachCallback {

    private String bootstrapServers;
    private KafkaProducer<String, String> producer;

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** A client for each test of the class that registers it, on the configured broker, closed after each test. */
    public static KafkaTestClient perTest() {
        return new KafkaTestClient(null);
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    private synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        }
        return bootstrapServers;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    public void send(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        try {
            producer().send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not send to " + topic, e);
        }
    }

    /** Sends many records at once (no wait between them) and waits until all are acknowledged. */
    public void sendAll(String topic, java.util.Map<String, String> valuesByKey) {
        sendAll(topic, null, valuesByKey);
    }

    /**
     * Sends many records at once to one partition of the topic (null: each key's own), so that a consumer reads them in
     * the order given, in one poll; waits until all are acknowledged.
     */
    public void sendAll(String topic, Integer partition, java.util.Map<String, String> valuesByKey) {
        sendAll(topic, partition, valuesByKey, key -> Map.of());
    }

    /** As {@link #sendAll(String, Integer, Map)}, each record with the headers {@code headersOf} gives for its key. */
    public void sendAll(String topic, Integer partition, Map<String, String> valuesByKey,
                        java.util.function.Function<String, Map<String, String>> headersOf) {
        java.util.List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
        valuesByKey.forEach((key, value) -> {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, partition, key, value);
            headersOf.apply(key).forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
            acks.add(producer().send(record));
        });
        producer().flush();
        for (java.util.concurrent.Future<?> ack : acks) {
            try {
                ack.get();
            } catch (Exception e) {
                throw new IllegalStateException("Could not send to " + topic, e);
            }
        }
    }

    public void send(String topic, String key, String value) {
        send(topic, key, value, Map.of());
    }

    /**
     * Reads the topic from its beginning, across all partitions, until {@code done} holds for what was read
     * or the timeout passes; returns every record read either way. Each record a service wrote is checked against
     * {@code docs/asyncapi.yaml} ({@link MessageSchemas}) as it is read.
     */
    public List<ConsumerRecord<String, String>> readUntil(String topic, Predicate<List<ConsumerRecord<String, String>>> done,
                                                          Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!done.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    MessageSchemas.platform().check(record);
                    records.add(record);
                });
            }
        }
        return records;
    }

    /**
     * The record's JSON value with the record's Kafka timestamp added as {@code kafkaTimestamp} (ms), for
     * tests that measure how long a hop took; an unreadable value gives an empty object.
     */
    public static com.fasterxml.jackson.databind.JsonNode json(ConsumerRecord<String, String> record,
                                                                com.fasterxml.jackson.databind.ObjectMapper mapper) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = mapper.readTree(record.value());
            if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
                object.put("kafkaTimestamp", record.timestamp());
                return object;
            }
            return node;
        } catch (Exception e) {
            return mapper.createObjectNode();
        }
    }

    /** The value of a header as text, or null when the record has none of that name. */
    /**
     * How many records of {@code topic} the consumer group {@code group} has not committed yet (end offsets minus
     * committed offsets, over all partitions; a partition without a commit counts whole).
     */
    public long lag(String group, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            long lag = 0;
            for (TopicPartition p : partitions) {
                OffsetAndMetadata c = committed.get(p);
                lag += ends.get(p).offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (Exception e) {
            throw new IllegalStateException("Could not read the lag of " + group + " on " + topic, e);
        }
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
