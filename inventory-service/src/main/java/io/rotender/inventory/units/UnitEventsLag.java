package io.rotender.inventory.units;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Whether this service has read a unit's events: a unit is silent only if its partition of
 * {@code rotender.units.events} was consumed (offsets committed by this service's group) up to what had been
 * produced there {@code rotender.inventory.sweep-lag-bar} ago (10 s: the consumer commits every few seconds,
 * so "no lag at this instant" would never hold on a busy partition). A unit on a partition behind that bar
 * (a backlog, Kafka away, a dead replica's partitions not reassigned yet) may have sent heartbeats nobody
 * read: it is not swept. No answer from Kafka within 3 s means no unit is known caught up.
 */
@ApplicationScoped
public class UnitEventsLag {

    static final String TOPIC = "rotender.units.events";
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(3);

    private record Sample(Instant at, Map<Integer, Long> ends) {
    }

    private final Map<String, Object> kafkaConfig;
    private final String group;
    private final Duration bar;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private Admin admin;

    public UnitEventsLag(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                         @ConfigProperty(name = "mp.messaging.incoming.events.group.id") String group,
                         io.rotender.inventory.config.InventoryConfig config) {
        this.kafkaConfig = kafkaConfig;
        this.group = group;
        this.bar = config.sweepLagBar();
    }

    /** The units among {@code unitIds} whose partition this service has read up to the bar; fails if Kafka does not answer. */
    public Uni<Set<String>> caughtUp(Collection<String> unitIds) {
        Admin client = admin();
        return await(client.describeTopics(Set.of(TOPIC)).allTopicNames()).chain(topics -> {
            int partitions = topics.get(TOPIC).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
            }
            return await(client.listOffsets(latest).all()).chain(ends -> await(
                    client.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()).map(committed -> {
                Map<Integer, Long> endNow = new HashMap<>();
                ends.forEach((tp, info) -> endNow.put(tp.partition(), info.offset()));
                Sample barSample = record(new Sample(Instant.now(), endNow));
                Set<String> caughtUp = new HashSet<>();
                if (barSample == null) {
                    return caughtUp; // not watched long enough yet
                }
                for (String unitId : unitIds) {
                    int partition = partitionOf(unitId, partitions);
                    OffsetAndMetadata read = committed.get(new TopicPartition(TOPIC, partition));
                    long position = read == null ? 0 : read.offset();
                    if (position >= barSample.ends().getOrDefault(partition, Long.MAX_VALUE)) {
                        caughtUp.add(unitId);
                    }
                }
                return caughtUp;
            }));
        });
    }

    /** The partition Kafka's default partitioner gives a unit's events (keyed by unit id). */
    static int partitionOf(String unitId, int partitions) {
        return Utils.toPositive(Utils.murmur2(unitId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Keeps the sample; answers the newest one taken at least the bar ago (null if none is that old yet). */
    private synchronized Sample record(Sample now) {
        samples.addLast(now);
        Sample bar = null;
        for (Sample s : samples) {
            if (!s.at().isAfter(now.at().minus(this.bar))) {
                bar = s;
            }
        }
        while (samples.size() > 1 && samples.peekFirst() != bar && samples.peekFirst().at().isBefore(now.at().minus(this.bar))) {
            samples.removeFirst();
        }
        return bar;
    }

    private static <T> Uni<T> await(KafkaFuture<T> future) {
        return Uni.createFrom().completionStage(future.toCompletionStage()).ifNoItem().after(ANSWER_WITHIN)
                .failWith(() -> new IllegalStateException("Kafka did not answer within " + ANSWER_WITHIN));
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>();
            kafkaConfig.forEach((key, value) -> {
                if (AdminClientConfig.configNames().contains(key)) {
                    config.put(key, value);
                }
            });
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "inventory-service-unit-lag");
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ANSWER_WITHIN.toMillis());
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ANSWER_WITHIN.toMillis());
            admin = Admin.create(config);
        }
        return admin;
    }

    synchronized void close(@Observes ShutdownEvent event) {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
