package io.rotender.order.units;

import io.rotender.contracts.units.UnitEvents;
import io.rotender.order.orders.OrderService;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.rotender.platform.consumer.RoutedConsumer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Pour outcomes from {@code rotender.units.events}: Poured completes the order, PourFailed fails it. Heartbeats and
 * level reports (most of the topic) are inventory's: skipped by their header, unparsed.
 */
@ApplicationScoped
public class UnitEventsConsumer implements RoutedConsumer {

    private final EventRouter router;

    public UnitEventsConsumer(EventRouters routers, OrderService orders) {
        this.router = routers.named("order-service.unit-events")
                .on(UnitEvents.POURED, (tx, poured) -> orders.poured(tx, poured.orderId()))
                .on(UnitEvents.POUR_FAILED, (tx, failed) -> orders.pourFailed(tx, failed.orderId(), failed.reason()))
                .build();
    }

    /** This consumer's router: the service's {@code events} channel hands it the records of its topic. */
    @Override
    public EventRouter router() {
        return router;
    }
}
