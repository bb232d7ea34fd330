package io.rotender.platform.sample;

import io.rotender.platform.consumer.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/** Counts {@code Counted} events per aggregate, reading the Kafka record: other types are skipped by their header. */
@ApplicationScoped
public class TypedTallyConsumer {

    private final IdempotentConsumer consumer;

    public TypedTallyConsumer(IdempotentConsumer consumer) {
        this.consumer = consumer;
    }

    @Incoming("typed-tally")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return consumer.consumeWithConnection("typed-tally", record, Set.of("Counted"), (event, conn) -> conn.preparedQuery("""
                        INSERT INTO tally (aggregate_id, applied) VALUES ($1, 1)
                        ON CONFLICT (aggregate_id) DO UPDATE SET applied = tally.applied + 1""")
                .execute(Tuple.of(event.aggregateId())).replaceWithVoid());
    }
}
