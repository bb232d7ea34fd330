package io.rotender.platform.sample;

import io.rotender.contracts.MessageType;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Adds up {@code Counted} events per tally, a polled batch at a time: the even counts of a batch together, in one
 * statement per tally to {@code <tally>/together}; the odd ones (which the bulk plan does not take) and any sharing a key with
 * another record of the batch each alone through the type's handler, to {@code <tally>}.
 */
@ApplicationScoped
public class BulkTallyConsumer {

    /** A count for the tally named {@code tally}. */
    public record Counted(String tally, int n) {
    }

    public static final MessageType<Counted> COUNTED = MessageType.of("chassis-sample.bulk-tally", "Counted", Counted.class);

    private static final String ADD = """
            INSERT INTO tally (aggregate_id, applied) VALUES ($1, $2)
            ON CONFLICT (aggregate_id) DO UPDATE SET applied = tally.applied + $2""";
    private static final String ADD_ALL = """
            INSERT INTO tally (aggregate_id, applied) SELECT $1 || '/together', sum(n) FROM unnest($2::int[]) AS n
            ON CONFLICT (aggregate_id) DO UPDATE SET applied = tally.applied + EXCLUDED.applied""";

    private final EventRouter router;

    public BulkTallyConsumer(EventRouters routers) {
        this.router = routers.named("bulk-tally")
                .on(COUNTED, (tx, counted) -> tx.preparedQuery(ADD).execute(Tuple.of(counted.tally(), counted.n())).replaceWithVoid())
                .together(COUNTED, all -> Uni.createFrom().item(EventRouter.BulkPlan.of(
                        all.stream().filter(c -> c.n() % 2 == 0).toList(),
                        (tx, even) -> Multi.createFrom().iterable(even.stream().map(Counted::tally).distinct().toList())
                                .onItem().transformToUniAndConcatenate(tally -> tx.preparedQuery(ADD_ALL).execute(Tuple.of(tally,
                                        even.stream().filter(c -> c.tally().equals(tally)).map(Counted::n).toArray(Integer[]::new))))
                                .collect().last().replaceWithVoid())))
                .build();
    }

    @Incoming("bulk-tally")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return router.route(batch);
    }
}
