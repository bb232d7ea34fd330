package io.rotender.order.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import io.rotender.order.orders.OrderService;
import io.rotender.platform.consumer.IdempotentConsumer;
import io.rotender.platform.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/** Reservation answers from {@code rotender.inventory.events}: StockReserved confirms, StockRejected rejects. */
@ApplicationScoped
public class InventoryEventsConsumer {

    /** StockReleased and StockConsumed are inventory's own bookkeeping: skipped by their header, unparsed. */
    private static final Set<String> TYPES = Set.of("StockReserved", "StockRejected");

    private final IdempotentConsumer consumer;
    private final OrderService orders;

    public InventoryEventsConsumer(IdempotentConsumer consumer, OrderService orders) {
        this.consumer = consumer;
        this.orders = orders;
    }

    @Incoming("inventory-events")
    public Uni<Void> onInventoryEvent(ConsumerRecord<String, String> record) {
        return consumer.consumeWithConnection("order-service.inventory-events", record, TYPES, this::apply);
    }

    private Uni<Void> apply(EventEnvelope event, SqlConnection tx) {
        JsonNode data = event.data();
        return switch (event.type()) {
            case "StockReserved" -> orders.reserved(tx, event.requiredText("orderId"), event.requiredText("unitId"),
                    data.path("unitName").asText(null), data.path("unitLocation").asText(null));
            case "StockRejected" -> orders.rejected(tx, event.requiredText("orderId"), data.path("unavailableDrinks"),
                    data.path("reason").asText("out-of-stock"));
            default -> Uni.createFrom().voidItem(); // StockReleased, StockConsumed: inventory's own bookkeeping
        };
    }

}
