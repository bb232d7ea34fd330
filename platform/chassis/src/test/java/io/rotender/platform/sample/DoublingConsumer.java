package io.rotender.platform.sample;

import io.rotender.contracts.MessageType;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.rotender.platform.consumer.RoutedConsumer;
import io.rotender.platform.sample.TypedTallyConsumer.Counted;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The second topic of the sample's {@code events} channel ({@code chassis-sample.doubled}): each {@code Counted} there
 * counts twice, under a router of its own, so its records are applied, recorded and dead-lettered as its own.
 */
@ApplicationScoped
public class DoublingConsumer implements RoutedConsumer {

    public static final MessageType<Counted> DOUBLED = MessageType.of("chassis-sample.doubled", "Counted", Counted.class);

    private final EventRouter router;

    public DoublingConsumer(EventRouters routers) {
        this.router = routers.named("doubled")
                .on(DOUBLED, (tx, counted, event) -> tx.preparedQuery(TypedTallyConsumer.ADD)
                        .execute(Tuple.of(event.aggregateId(), 2 * counted.n())).replaceWithVoid())
                .build();
    }

    @Override
    public EventRouter router() {
        return router;
    }
}
