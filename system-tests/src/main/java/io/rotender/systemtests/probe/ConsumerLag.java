package io.rotender.systemtests.probe;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Prints every consumer group's lag per topic (end offset minus committed offset, summed over partitions):
 * when a check after a fault fails, it tells a consumer that is behind from an event that is lost.
 */
public final class ConsumerLag {

    private ConsumerLag() {
    }

    public static void print(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
                var ends = admin.listOffsets(committed.keySet().stream().collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())))
                        .all().get();
                Map<String, Long> lag = new TreeMap<>();
                committed.forEach((partition, offset) -> lag.merge(partition.topic(),
                        ends.get(partition).offset() - (offset == null ? 0 : offset.offset()), Long::sum));
                System.out.println("consumer lag of " + group.groupId() + ": " + lag);
            }
        } catch (Exception e) {
            System.out.println("consumer lag: not available (" + e + ")");
        }
    }
}
