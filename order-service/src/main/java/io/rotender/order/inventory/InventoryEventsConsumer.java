package io.rotender.order.inventory;

import io.rotender.contracts.inventory.InventoryEvents;
import io.rotender.order.orders.OrderService;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouter.BulkPlan;
import io.rotender.platform.consumer.EventRouters;
import io.rotender.platform.consumer.RoutedConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reservation answers from {@code rotender.inventory.events}: StockReserved confirms, StockRejected rejects.
 * StockReleased and StockConsumed are inventory's own bookkeeping: skipped by their header, unparsed. The rejections of
 * distinct orders that come in one poll are applied together ({@link OrderService#rejectedAll}).
 */
@ApplicationScoped
public class InventoryEventsConsumer implements RoutedConsumer {

    private final EventRouter router;

    public InventoryEventsConsumer(EventRouters routers, OrderService orders) {
        this.router = routers.named("order-service.inventory-events")
                .on(InventoryEvents.STOCK_RESERVED, (tx, reserved) -> orders.reserved(tx, reserved.orderId(), reserved.unitId(),
                        reserved.unitName(), reserved.unitLocation()))
                .on(InventoryEvents.STOCK_REJECTED, (tx, rejected) -> orders.rejected(tx, rejected.orderId(), rejected.unavailableDrinks(),
                        rejected.reason()))
                // a sold-out burst: a poll's rejections of distinct orders in one transaction, a statement for all
                .together(InventoryEvents.STOCK_REJECTED, rejections -> Uni.createFrom().item(BulkPlan.of(rejections, orders::rejectedAll)))
                .build();
    }

    /** This consumer's router: the service's {@code events} channel hands it the records of its topic. */
    @Override
    public EventRouter router() {
        return router;
    }
}
