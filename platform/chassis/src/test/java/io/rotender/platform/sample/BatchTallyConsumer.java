package io.rotender.platform.sample;

import io.rotender.contracts.MessageType;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Adds up {@code Counted} events per aggregate, a polled batch per transaction. A count of 13 fails its
 * transaction (a bug, not a bad message), which makes the batch fall back to one record at a time.
 */
@ApplicationScoped
public class BatchTallyConsumer {

    public static final MessageType<TypedTallyConsumer.Counted> COUNTED =
            MessageType.of("chassis-sample.batch-tally", "Counted", TypedTallyConsumer.Counted.class);

    /** Whether an aggregate still counts: not when a widget of its id is named "closed". */
    public static final String OPEN = "SELECT NOT EXISTS (SELECT 1 FROM widget WHERE id = $1 AND name = 'closed') AS open";

    private final EventRouter router;

    public BatchTallyConsumer(EventRouters routers, Pool pool) {
        this.router = routers.named("batch-tally")
                .on(COUNTED, (tx, counted, event) -> {
                    if (counted.n() == 13) {
                        return Uni.createFrom().failure(new IllegalStateException("13 is not counted here"));
                    }
                    return tx.preparedQuery("""
                                    INSERT INTO tally (aggregate_id, applied) VALUES ($1, $2)
                                    ON CONFLICT (aggregate_id) DO UPDATE SET applied = tally.applied + $2""")
                            .execute(Tuple.of(event.aggregateId(), counted.n())).replaceWithVoid();
                })
                // records about other partners are passed over by their ce_partnerid header, unread
                .onlyForPartners(partner -> !partner.startsWith("elsewhere"))
                // events of an aggregate whose widget is named "closed" are passed over after one read, no transaction
                .onlyWhen(event -> pool.preparedQuery(OPEN).execute(Tuple.of(event.aggregateId()))
                        .map(rows -> rows.iterator().next().getBoolean("open")))
                .build();
    }

    @Incoming("batch-tally")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return router.route(batch);
    }
}
