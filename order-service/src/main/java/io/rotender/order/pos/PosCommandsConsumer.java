package io.rotender.order.pos;

import io.rotender.contracts.orders.OrderCommands;
import io.rotender.order.orders.OrderService;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.rotender.platform.consumer.RoutedConsumer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * POS answers from {@code rotender.orders.commands} (AcceptOrder, RejectOrder, MarkInDelivery, CloseOrder,
 * CancelOrder, MarkForwarded): they move the order's POS state; a rejection or cancellation before the
 * pour cancels the order and releases its stock, after it is only recorded for reconciliation.
 */
@ApplicationScoped
public class PosCommandsConsumer implements RoutedConsumer {

    private final EventRouter router;

    public PosCommandsConsumer(EventRouters routers, OrderService orders) {
        EventRouter.Builder builder = routers.named("order-service.pos-commands");
        OrderCommands.ALL.forEach(type -> builder.on(type, (tx, answer) -> orders.posCommand(tx, answer.orderId(), type.name(), answer.reason())));
        this.router = builder.build();
    }

    /** This consumer's router: the service's {@code events} channel hands it the records of its topic. */
    @Override
    public EventRouter router() {
        return router;
    }
}
