package io.rotender.platform.sample;

import io.rotender.platform.consumer.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Counts the events it applied per aggregate, through the idempotent consumer itself (what the event router is
 * built on): a redelivered event must not count twice, and a {@code Skipped} event is acknowledged without a
 * transaction.
 */
@ApplicationScoped
public class TallyConsumer {

    private final IdempotentConsumer consumer;

    public TallyConsumer(IdempotentConsumer consumer) {
        this.consumer = consumer;
    }

    @Incoming("tally")
    public Uni<Void> consume(String payload) {
        return consumer.consumeWithConnection("tally", payload, event -> !"Skipped".equals(event.type()),
                (event, conn) -> conn.preparedQuery("""
                                INSERT INTO tally (aggregate_id, applied) VALUES ($1, 1)
                                ON CONFLICT (aggregate_id) DO UPDATE SET applied = tally.applied + 1""")
                        .execute(Tuple.of(event.aggregateId())).replaceWithVoid());
    }
}
