package io.rotender.order.pos;

import io.rotender.order.orders.OrderService;
import io.rotender.platform.consumer.IdempotentConsumer;
import io.rotender.platform.consumer.PoisonMessageException;
import io.rotender.platform.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * POS answers from {@code rotender.orders.commands} (AcceptOrder, RejectOrder, MarkInDelivery, CloseOrder,
 * CancelOrder, MarkForwarded): they move the order's POS state; a rejection or cancellation before the
 * pour cancels the order and releases its stock, after it is only recorded for reconciliation.
 */
@ApplicationScoped
public class PosCommandsConsumer {

    private final IdempotentConsumer consumer;
    private final OrderService orders;

    public PosCommandsConsumer(IdempotentConsumer consumer, OrderService orders) {
        this.consumer = consumer;
        this.orders = orders;
    }

    @Incoming("pos-commands")
    public Uni<Void> onPosCommand(String payload) {
        return consumer.consumeWithConnection("order-service.pos-commands", payload, this::apply);
    }

    private Uni<Void> apply(EventEnvelope event, SqlConnection tx) {
        String orderId = event.data().path("orderId").asText(null);
        if (orderId == null || orderId.isBlank()) {
            throw new PoisonMessageException(event.type() + " without orderId");
        }
        return orders.posCommand(tx, orderId, event.type(), event.data().path("reason").asText(null));
    }
}
