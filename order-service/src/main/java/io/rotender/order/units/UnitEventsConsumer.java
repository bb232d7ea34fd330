package io.rotender.order.units;

import io.rotender.contracts.units.UnitEvents;
import io.rotender.order.orders.OrderService;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Pour outcomes from {@code rotender.units.events}: Poured completes the order, PourFailed fails it. Heartbeats and
 * level reports (most of the topic) are inventory's: skipped by their header, unparsed.
 */
@ApplicationScoped
public class UnitEventsConsumer {

    private final EventRouter router;

    public UnitEventsConsumer(EventRouters routers, OrderService orders) {
        this.router = routers.named("order-service.unit-events")
                .on(UnitEvents.POURED, (tx, poured) -> orders.poured(tx, poured.orderId()))
                .on(UnitEvents.POUR_FAILED, (tx, failed) -> orders.pourFailed(tx, failed.orderId(), failed.reason()))
                .build();
    }

    @Incoming("unit-events")
    public Uni<Void> onUnitEvent(ConsumerRecord<String, String> record) {
        return router.route(record);
    }
}
