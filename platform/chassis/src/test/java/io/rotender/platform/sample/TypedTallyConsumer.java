package io.rotender.platform.sample;

import io.rotender.contracts.MessageType;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Counts {@code Counted} events per aggregate by {@code n}, through an {@link EventRouter}: other types are skipped
 * by their header, and a {@code Counted} whose data does not fit its record is dead-lettered.
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

    private final EventRouter router;

    public TypedTallyConsumer(EventRouters routers) {
        this.router = routers.named("typed-tally")
                .on(COUNTED, (tx, counted, event) -> tx.preparedQuery("""
                                INSERT INTO tally (aggregate_id, applied) VALUES ($1, $2)
                                ON CONFLICT (aggregate_id) DO UPDATE SET applied = tally.applied + $2""")
                        .execute(Tuple.of(event.aggregateId(), counted.n())).replaceWithVoid())
                // records about other partners are passed over by their ce_partnerid header, unread
                .onlyForPartners(partner -> !partner.startsWith("elsewhere"))
                .build();
    }

    @Incoming("typed-tally")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return router.route(record);
    }
}
