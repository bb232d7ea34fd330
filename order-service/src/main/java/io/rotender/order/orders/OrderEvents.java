package io.rotender.order.orders;

import io.rotender.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/**
 * Everything order-service publishes, through the outbox in the caller's transaction: every state change
 * on {@code rotender.orders.events} with the whole order, ReserveStock/ReleaseStock on
 * {@code rotender.inventory.commands}, ShowCode/ClearCode/Pour on {@code rotender.units.commands}.
 */
@ApplicationScoped
public class OrderEvents {

    public static final String ORDERS_EVENTS = "rotender.orders.events";
    public static final String INVENTORY_COMMANDS = "rotender.inventory.commands";
    public static final String UNIT_COMMANDS = "rotender.units.commands";

    private final Outbox outbox;
    private final io.micrometer.core.instrument.MeterRegistry registry;

    public OrderEvents(Outbox outbox, io.micrometer.core.instrument.MeterRegistry registry) {
        this.outbox = outbox;
        this.registry = registry;
    }

    /** {@code Order<Change>} (OrderPending, OrderConfirmed, OrderReady, ...) with the whole order and its partner. */
    public Uni<Void> changed(SqlConnection tx, String change, Order order) {
        record OrderChanged(String change, String partnerId, OrderView order) {
        }
        return outbox.publish(tx, ORDERS_EVENTS, order.id, "Order" + change, order.id,
                        new OrderChanged(change, order.partnerId, OrderView.of(order)))
                // orders entering each state (rotender_orders_total{state}); counted when the change is written,
                // so a transaction retried after a rollback may count once more
                .invoke(() -> registry.counter("rotender.orders", "state", order.status).increment())
                .replaceWithVoid();
    }

    public Uni<Void> reserveStock(SqlConnection tx, Order order, java.time.OffsetDateTime holdUntil) {
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        order.items.forEach(i -> items.add(Map.of("drinkId", i.path("drink_id").asText(), "quantity", i.path("quantity").asInt())));
        return outbox.publish(tx, INVENTORY_COMMANDS, order.id, "ReserveStock", order.id, Map.of("orderId", order.id,
                "venueId", order.venueId, "items", items, "expiresAt", holdUntil.toInstant().toString())).replaceWithVoid();
    }

    public Uni<Void> releaseStock(SqlConnection tx, Order order, String reason) {
        return outbox.publish(tx, INVENTORY_COMMANDS, order.id, "ReleaseStock", order.id,
                Map.of("orderId", order.id, "reason", reason)).replaceWithVoid();
    }

    /**
     * The code in clear goes to the unit only (its screen); never to a partner or a log line, and its outbox
     * row is deleted once Kafka has it, so the database keeps only the code's HMAC.
     */
    public Uni<Void> showCode(SqlConnection tx, Order order, String code) {
        return outbox.publish(tx, UNIT_COMMANDS, order.unitId, "ShowCode", order.unitId, Map.of("unitId", order.unitId,
                "orderId", order.id, "code", code, "label", order.label(), "expiresAt", order.expiresAt.toInstant().toString()),
                false).replaceWithVoid();
    }

    public Uni<Void> clearCode(SqlConnection tx, Order order) {
        return outbox.publish(tx, UNIT_COMMANDS, order.unitId, "ClearCode", order.unitId,
                Map.of("unitId", order.unitId, "orderId", order.id)).replaceWithVoid();
    }

    public Uni<Void> pour(SqlConnection tx, Order order, List<Map<String, Object>> items) {
        return outbox.publish(tx, UNIT_COMMANDS, order.unitId, "Pour", order.unitId, Map.of("unitId", order.unitId,
                "orderId", order.id, "label", order.label(), "items", items)).replaceWithVoid();
    }
}
