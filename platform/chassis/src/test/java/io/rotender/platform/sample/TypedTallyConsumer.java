package io.rotender.platform.sample;

import io.rotender.contracts.MessageType;
import io.rotender.platform.consumer.ChannelRouter;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Counts {@code Counted} events per aggregate by {@code n}, through an {@link EventRouter}: other types are skipped
 * by their header, and a {@code Counted} whose data does not fit its record is dead-lettered. The same channel reads
 * a second topic ({@code chassis-sample.doubled}, each {@code Counted} there counts twice) with a router of its own:
 * a {@link ChannelRouter} hands each record to its topic's router and dead-letters to its topic's dead-letter topic.
 */
@ApplicationScoped
public class TypedTallyConsumer {

    public record Counted(int n) {
        public Counted {
            if (n < 1) {
                throw new IllegalArgumentException("n must be positive");
            }
        }
    }

    public static final MessageType<Counted> COUNTED = MessageType.of("chassis-sample.typed-tally", "Counted", Counted.class);
    public static final MessageType<Counted> DOUBLED = MessageType.of("chassis-sample.doubled", "Counted", Counted.class);

    private static final String ADD = """
            INSERT INTO tally (aggregate_id, applied) VALUES ($1, $2)
            ON CONFLICT (aggregate_id) DO UPDATE SET applied = tally.applied + $2""";

    private final ChannelRouter channel;

    public TypedTallyConsumer(EventRouters routers) {
        EventRouter counting = routers.named("typed-tally")
                .on(COUNTED, (tx, counted, event) -> tx.preparedQuery(ADD)
                        .execute(Tuple.of(event.aggregateId(), counted.n())).replaceWithVoid())
                // records about other partners are passed over by their ce_partnerid header, unread
                .onlyForPartners(partner -> !partner.startsWith("elsewhere"))
                .build();
        EventRouter doubling = routers.named("doubled")
                .on(DOUBLED, (tx, counted, event) -> tx.preparedQuery(ADD)
                        .execute(Tuple.of(event.aggregateId(), 2 * counted.n())).replaceWithVoid())
                .build();
        this.channel = routers.channel(counting, doubling);
    }

    @Incoming("typed-tally")
    public Uni<Void> consume(KafkaRecord<String, String> record) {
        return channel.route(record);
    }
}
