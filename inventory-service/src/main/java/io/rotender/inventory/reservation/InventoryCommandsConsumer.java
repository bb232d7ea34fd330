package io.rotender.inventory.reservation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.rotender.platform.consumer.IdempotentConsumer;
import io.rotender.platform.consumer.PoisonMessageException;
import io.rotender.platform.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Applies ReserveStock and ReleaseStock from {@code rotender.inventory.commands}, each once. */
@ApplicationScoped
public class InventoryCommandsConsumer {

    private final IdempotentConsumer consumer;
    private final Reservations reservations;
    private final ObjectMapper mapper;

    public InventoryCommandsConsumer(IdempotentConsumer consumer, Reservations reservations, ObjectMapper mapper) {
        this.consumer = consumer;
        this.reservations = reservations;
        this.mapper = mapper;
    }

    @Incoming("inventory-commands")
    public Uni<Void> onCommand(String payload) {
        return consumer.consumeWithConnection("inventory-service.commands", payload, this::apply);
    }

    private Uni<Void> apply(EventEnvelope event, SqlConnection tx) {
        switch (event.type()) {
            case "ReserveStock" -> {
                var command = event.dataAs(InventoryMessages.ReserveStock.class, mapper);
                if (command.orderId() == null || command.orderId().isBlank() || command.venueId() == null || command.venueId().isBlank()) {
                    throw new PoisonMessageException("ReserveStock without orderId or venueId");
                }
                return reservations.reserve(tx, command);
            }
            case "ReleaseStock" -> {
                var command = event.dataAs(InventoryMessages.ReleaseStock.class, mapper);
                if (command.orderId() == null || command.orderId().isBlank()) {
                    throw new PoisonMessageException("ReleaseStock without orderId");
                }
                return reservations.release(tx, command.orderId(), command.reason() == null ? "released" : command.reason());
            }
            default -> {
                Log.debugf("Ignoring %s on the inventory commands topic", event.type());
                return Uni.createFrom().voidItem();
            }
        }
    }
}
