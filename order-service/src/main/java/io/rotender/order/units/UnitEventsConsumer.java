package io.rotender.order.units;

import io.rotender.order.orders.OrderService;
import io.rotender.platform.consumer.IdempotentConsumer;
import io.rotender.platform.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/** Pour outcomes from {@code rotender.units.events}: Poured completes the order, PourFailed fails it. */
@ApplicationScoped
public class UnitEventsConsumer {

    /** Heartbeats and level reports are inventory's: skipped by their header, unparsed. */
    private static final Set<String> TYPES = Set.of("Poured", "PourFailed");

    private final IdempotentConsumer consumer;
    private final OrderService orders;

    public UnitEventsConsumer(IdempotentConsumer consumer, OrderService orders) {
        this.consumer = consumer;
        this.orders = orders;
    }

    @Incoming("unit-events")
    public Uni<Void> onUnitEvent(ConsumerRecord<String, String> record) {
        return consumer.consumeWithConnection("order-service.unit-events", record, TYPES, this::apply);
    }

    private Uni<Void> apply(EventEnvelope event, SqlConnection tx) {
        String orderId = event.data().path("orderId").asText(null);
        if (orderId == null) {
            return Uni.createFrom().voidItem(); // heartbeats and levels carry no order
        }
        return switch (event.type()) {
            case "Poured" -> orders.poured(tx, orderId);
            case "PourFailed" -> orders.pourFailed(tx, orderId, event.data().path("reason").asText(null));
            default -> Uni.createFrom().voidItem();
        };
    }
}
