package io.rotender.platform.consumer;

import io.rotender.platform.deadletters.DeadLetterTopics;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Kafka channel that reads several topics ({@code mp.messaging.incoming.<channel>.topics}), each record routed to
 * the {@link EventRouter} of its topic: a service has one consumer client per replica (and concurrency slot) instead of
 * one per topic, so one fetch, one heartbeat and one group membership serve all it reads. Each router keeps its name,
 * so what it recorded as applied ({@code processed_event}), its metrics and its dead letters stay its own.
 * <p>
 * The channel is read a polled batch at a time ({@code batch=true}): each router gets its topic's records of the poll,
 * one by one, each applied or skipped as {@link EventRouter#route(ConsumerRecord)} does, except a router that applies
 * some messages together ({@link EventRouter.Builder#together}), which gets them all at once, as its own batch channel
 * would give them. A record a router gives up is dead-lettered to its own topic's dead-letter topic
 * ({@link DeadLetterTopics#of(String)}, named in the nack's metadata, so the channel needs no
 * {@code dead-letter-queue.topic}); a record of a topic no router reads goes to that topic's dead-letter topic too. The
 * batch is acknowledged once all of it is applied or dead-lettered. Build one with
 * {@link EventRouters#channel(EventRouter...)}; the channel's {@code failure-strategy} is {@code dead-letter-queue} and its
 * method takes the {@link KafkaRecordBatch} (acknowledged here, not by the connector).
 */
public final class ChannelRouter {

    private final Map<String, EventRouter> byTopic;

    ChannelRouter(List<EventRouter> routers) {
        Map<String, EventRouter> topics = new HashMap<>();
        for (EventRouter router : routers) {
            EventRouter other = topics.putIfAbsent(router.topic(), router);
            if (other != null) {
                throw new IllegalArgumentException(router.consumer() + " and " + other.consumer() + " both read " + router.topic()
                        + ": one router per topic");
            }
        }
        this.byTopic = Map.copyOf(topics);
    }

    /**
     * Applies a polled batch: each topic's records with its router (in the order the topics first come in the poll; within
     * a topic, in the poll's order), each record given up sent to its topic's dead-letter topic; then acknowledges the
     * batch.
     */
    public Uni<Void> route(KafkaRecordBatch<String, String> batch) {
        Map<String, List<KafkaRecord<String, String>>> byTopicOfPoll = new LinkedHashMap<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            byTopicOfPoll.computeIfAbsent(record.getTopic(), topic -> new ArrayList<>()).add(record);
        }
        return Multi.createFrom().iterable(byTopicOfPoll.entrySet())
                .onItem().transformToUniAndConcatenate(topic -> apply(topic.getKey(), topic.getValue()))
                .collect().last()
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private Uni<Void> apply(String topic, List<KafkaRecord<String, String>> records) {
        EventRouter router = byTopic.get(topic);
        if (router != null && router.appliesTogether()) {
            return router.applyPolled(records, ChannelRouter::nack);
        }
        return Multi.createFrom().iterable(records)
                .onItem().transformToUniAndConcatenate(record -> router == null
                        ? nack(record, new PoisonMessageException("no consumer of " + topic + " in this service"))
                        : Uni.createFrom().deferred(() -> router.route(consumerRecord(record)))
                                .onFailure().recoverWithUni(failure -> nack(record, DeadLettered.by(router.consumer(), failure))))
                .collect().last().replaceWithVoid();
    }

    private static Uni<Void> nack(KafkaRecord<String, String> record, Throwable reason) {
        Metadata deadLetter = Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(DeadLetterTopics.of(record.getTopic())).build());
        return Uni.createFrom().completionStage(record.nack(reason, deadLetter));
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<String, String> consumerRecord(KafkaRecord<String, String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> (ConsumerRecord<String, String>) metadata.getRecord())
                .orElseThrow(() -> new IllegalStateException("not a record read from Kafka: " + record.getTopic()));
    }
}
