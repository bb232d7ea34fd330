package io.rotender.inventory.reservation;

import io.rotender.contracts.inventory.InventoryCommands;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Applies ReserveStock and ReleaseStock from {@code rotender.inventory.commands}, each once. */
@ApplicationScoped
public class InventoryCommandsConsumer {

    private final EventRouter router;

    public InventoryCommandsConsumer(EventRouters routers, Reservations reservations) {
        this.router = routers.named("inventory-service.commands")
                .on(InventoryCommands.RESERVE_STOCK, reservations::reserve)
                .on(InventoryCommands.RELEASE_STOCK, (tx, command) -> reservations.release(tx, command.orderId(), command.reason()))
                .build();
    }

    @Incoming("inventory-commands")
    public Uni<Void> onCommand(ConsumerRecord<String, String> record) {
        return router.route(record);
    }
}
