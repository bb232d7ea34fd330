package io.rotender.platform.sample;

import io.rotender.contracts.MessageType;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.rotender.platform.consumer.RoutedConsumer;
import io.rotender.platform.sample.TypedTallyConsumer.Counted;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The second topic of the sample's {@code events} channel ({@code chassis-sample.doubled}): each {@code Counted} there
 * counts twice, under a router of its own, so its records are applied, recorded and dead-lettered as its own. The
 * counts of a poll's records of distinct keys are doubled together into the tally {@value #TOGETHER}, in one statement.
 */
@ApplicationScoped
public class DoublingConsumer implements RoutedConsumer {

    public static final MessageType<Counted> DOUBLED = MessageType.of("chassis-sample.doubled", "Counted", Counted.class);

    /** The tally a poll's counts applied together go to. */
    public static final String TOGETHER = "doubled/together";

    private static final String ADD_ALL = """
            INSERT INTO tally (aggregate_id, applied) SELECT $1, 2 * sum(n) FROM unnest($2::int[]) AS n
            ON CONFLICT (aggregate_id) DO UPDATE SET applied = tally.applied + EXCLUDED.applied""";

    private final EventRouter router;

    public DoublingConsumer(EventRouters routers) {
        this.router = routers.named("doubled")
                .on(DOUBLED, (tx, counted, event) -> tx.preparedQuery(TypedTallyConsumer.ADD)
                        .execute(Tuple.of(event.aggregateId(), 2 * counted.n())).replaceWithVoid())
                .together(DOUBLED, all -> Uni.createFrom().item(EventRouter.BulkPlan.of(all, (tx, fresh) -> tx.preparedQuery(ADD_ALL)
                        .execute(Tuple.of(TOGETHER, fresh.stream().map(Counted::n).toArray(Integer[]::new))).replaceWithVoid())))
                .build();
    }

    @Override
    public EventRouter router() {
        return router;
    }
}
