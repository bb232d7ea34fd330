package io.rotender.platform.sample;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.rotender.platform.consumer.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Counts the events it applied per aggregate: a redelivered event must not count twice. */
@ApplicationScoped
public class TallyConsumer {

    private final IdempotentConsumer consumer;

    public TallyConsumer(IdempotentConsumer consumer) {
        this.consumer = consumer;
    }

    @Incoming("tally")
    public Uni<Void> consume(String payload) {
        if (payload.contains("\"type\":\"Skipped\"")) { // the plain-SQL path, for a type this consumer ignores
            return consumer.consumeWithConnection("tally", payload, event -> !"Skipped".equals(event.type()),
                    (event, conn) -> conn.preparedQuery("""
                            INSERT INTO tally (aggregate_id, applied) VALUES ($1, 1)
                            ON CONFLICT (aggregate_id) DO UPDATE SET applied = tally.applied + 1""")
                            .execute(io.vertx.mutiny.sqlclient.Tuple.of(event.aggregateId())).replaceWithVoid());
        }
        return consumer.consume("tally", payload, event -> Panache.getSession().chain(session -> session
                .createNativeQuery("""
                        INSERT INTO tally (aggregate_id, applied) VALUES (?1, 1)
                        ON CONFLICT (aggregate_id) DO UPDATE SET applied = tally.applied + 1""")
                .setParameter(1, event.aggregateId())
                .executeUpdate()
                .replaceWithVoid()));
    }
}
