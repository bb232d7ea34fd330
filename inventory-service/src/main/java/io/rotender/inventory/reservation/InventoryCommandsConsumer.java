package io.rotender.inventory.reservation;

import io.rotender.contracts.inventory.InventoryCommands;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies ReserveStock and ReleaseStock from {@code rotender.inventory.commands}, each once, a polled batch at a time: each
 * command alone in its own transaction, except the ReserveStock commands of a burst that no unit can serve any more,
 * rejected together ({@link BulkRejections}).
 */
@ApplicationScoped
public class InventoryCommandsConsumer {

    private final EventRouter router;

    public InventoryCommandsConsumer(EventRouters routers, Reservations reservations, BulkRejections rejections) {
        this.router = routers.named("inventory-service.commands")
                .on(InventoryCommands.RESERVE_STOCK, reservations::reserve)
                .on(InventoryCommands.RELEASE_STOCK, (tx, command) -> reservations.release(tx, command.orderId(), command.reason()))
                .together(InventoryCommands.RESERVE_STOCK, rejections)
                .build();
    }

    @Incoming("inventory-commands")
    public Uni<Void> onCommands(KafkaRecordBatch<String, String> batch) {
        return router.route(batch);
    }
}
