package io.rotender.platform.sample;

import io.rotender.contracts.MessageType;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.rotender.platform.consumer.RoutedConsumer;
import io.rotender.platform.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Counts {@code Counted} events per aggregate by {@code n}, through an {@link EventRouter}: other types are skipped
 * by their header, and a {@code Counted} whose data does not fit its record is dead-lettered. Read through the
 * chassis' {@code events} channel, which also reads {@link DoublingConsumer}'s topic.
 */
@ApplicationScoped
public class TypedTallyConsumer implements RoutedConsumer {

    public record Counted(int n) {
        public Counted {
            if (n < 1) {
                throw new IllegalArgumentException("n must be positive");
            }
        }
    }

    public static final MessageType<Counted> COUNTED = MessageType.of("chassis-sample.typed-tally", "Counted", Counted.class);

    static final String ADD = """
            INSERT INTO tally (aggregate_id, applied) VALUES ($1, $2)
            ON CONFLICT (aggregate_id) DO UPDATE SET applied = tally.applied + $2""";

    /** Whether an aggregate still counts: not when a widget of its id is named "closed". */
    public static final String OPEN = "SELECT NOT EXISTS (SELECT 1 FROM widget WHERE id = $1 AND name = 'closed') AS open";

    private final EventRouter router;

    /** A new aggregate id whose events {@link #OPEN} refuses (its widget is named "closed"). */
    public static String closedAggregate() {
        String id = "agg-" + UUID.randomUUID();
        TestDatabase.update("INSERT INTO widget (id, name) VALUES (?, 'closed')", id);
        return id;
    }

    public TypedTallyConsumer(EventRouters routers, Pool pool) {
        this.router = routers.named("typed-tally")
                .on(COUNTED, (tx, counted, event) -> tx.preparedQuery(ADD)
                        .execute(Tuple.of(event.aggregateId(), counted.n())).replaceWithVoid())
                // records about other partners are passed over by their ce_partnerid header, unread
                .onlyForPartners(partner -> !partner.startsWith("elsewhere"))
                // events of an aggregate whose widget is named "closed" are passed over after one read, no transaction
                .onlyWhen(event -> pool.preparedQuery(OPEN).execute(Tuple.of(event.aggregateId()))
                        .map(rows -> rows.iterator().next().getBoolean("open")))
                .build();
    }

    @Override
    public EventRouter router() {
        return router;
    }
}
