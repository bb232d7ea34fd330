package io.rotender.platform.consumer;

import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A service's one Kafka consumer, the {@code events} channel: every topic it reads
 * ({@code mp.messaging.incoming.events.topics}), each record handed to the {@link RoutedConsumer} of its topic by a
 * {@link ChannelRouter}. One consumer client per replica and concurrency slot instead of one per topic: one fetch, one
 * heartbeat and one group membership for all of them. The channel's topics and the consumers' topics must be the same
 * set, or the service does not start (a consumer whose topic is not read would wait forever, a topic without a consumer
 * would have every record dead-lettered).
 * <p>
 * The channel is read a polled batch at a time ({@code mp.messaging.incoming.events.batch=true}, or the service does not
 * start): a consumer with a bulk handler gets its topic's records of a poll at once, every other one record by record
 * ({@link ChannelRouter#route(KafkaRecordBatch)}).
 */
@ApplicationScoped
public class EventsChannel {

    private final ChannelRouter channel;

    public EventsChannel(EventRouters routers, @All List<RoutedConsumer> consumers,
                         @ConfigProperty(name = "mp.messaging.incoming.events.topics") List<String> topics,
                         @ConfigProperty(name = "mp.messaging.incoming.events.batch", defaultValue = "false") boolean batch) {
        if (!batch) {
            throw new IllegalStateException("mp.messaging.incoming.events.batch must be true: the events channel is read a poll at a time");
        }
        List<EventRouter> all = consumers.stream().map(RoutedConsumer::router).toList();
        Set<String> read = new TreeSet<>(topics.stream().map(String::trim).toList());
        Set<String> consumed = all.stream().map(EventRouter::topic).collect(Collectors.toCollection(TreeSet::new));
        if (!read.equals(consumed)) {
            throw new IllegalStateException("mp.messaging.incoming.events.topics " + read + " must be the topics of the consumers "
                    + all.stream().map(r -> r.consumer() + " (" + r.topic() + ")").toList());
        }
        this.channel = routers.channel(all.toArray(EventRouter[]::new));
    }

    @Incoming("events")
    public Uni<Void> onEvents(KafkaRecordBatch<String, String> batch) {
        return channel.route(batch);
    }
}
