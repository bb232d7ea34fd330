package io.rotender.order.orders;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.rotender.contracts.inventory.InventoryCommands;
import io.rotender.contracts.orders.OrderEvents;
import io.rotender.contracts.orders.OrderEvents.OrderChanged;
import io.rotender.contracts.units.UnitCommands;
import io.rotender.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything order-service publishes, through the outbox in the caller's transaction: every state change
 * on {@code rotender.orders.events} with the whole order, ReserveStock/ReleaseStock on
 * {@code rotender.inventory.commands}, ShowCode/ClearCode/Pour on {@code rotender.units.commands}.
 */
@ApplicationScoped
public class OrderOutbox {

    private final Outbox outbox;
    private final MeterRegistry registry;
    private final ObjectMapper mapper;

    public OrderOutbox(Outbox outbox, MeterRegistry registry, ObjectMapper mapper) {
        this.outbox = outbox;
        this.registry = registry;
        this.mapper = mapper;
    }

    /** {@code Order<Change>} (OrderPending, OrderConfirmed, OrderReady, ...) with the whole order and its partner. */
    public Uni<Void> changed(SqlConnection tx, String change, Order order) {
        return outbox.publish(tx, OrderEvents.of(change), order.id, changeOf(change, order))
                .invoke(() -> counted(order))
                .replaceWithVoid();
    }

    /** {@code Order<Change>} for each of {@code orders}, as {@link #changed} writes one, in one statement. */
    public Uni<Void> changedAll(SqlConnection tx, String change, List<Order> orders) {
        if (orders.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Outbox.Keyed<OrderChanged>> messages = new ArrayList<>(orders.size());
        orders.forEach(order -> messages.add(new Outbox.Keyed<>(order.id, changeOf(change, order))));
        return outbox.publishAll(tx, OrderEvents.of(change), messages)
                .invoke(() -> orders.forEach(this::counted))
                .replaceWithVoid();
    }

    private OrderChanged changeOf(String change, Order order) {
        return new OrderChanged(change, order.partnerId, mapper.valueToTree(OrderView.of(order)));
    }

    /**
     * Orders entering each state ({@code rotender_orders_total{state}}); counted when the change is written, so a
     * transaction retried after a rollback may count once more.
     */
    private void counted(Order order) {
        registry.counter("rotender.orders", "state", order.status).increment();
    }

    public Uni<Void> reserveStock(SqlConnection tx, Order order, OffsetDateTime holdUntil) {
        List<InventoryCommands.Item> items = new ArrayList<>();
        order.items.forEach(i -> items.add(new InventoryCommands.Item(i.path("drink_id").asText(), i.path("quantity").asInt())));
        return outbox.publish(tx, InventoryCommands.RESERVE_STOCK, order.id,
                new InventoryCommands.ReserveStock(order.id, order.venueId, items, holdUntil.toInstant())).replaceWithVoid();
    }

    public Uni<Void> releaseStock(SqlConnection tx, Order order, String reason) {
        return outbox.publish(tx, InventoryCommands.RELEASE_STOCK, order.id, new InventoryCommands.ReleaseStock(order.id, reason))
                .replaceWithVoid();
    }

    /**
     * The code in clear goes to the unit only (its screen); never to a partner or a log line, and its outbox
     * row is deleted once Kafka has it, so the database keeps only the code's HMAC.
     */
    public Uni<Void> showCode(SqlConnection tx, Order order, String code) {
        return outbox.publishUnretained(tx, UnitCommands.SHOW_CODE, order.unitId,
                new UnitCommands.ShowCode(order.unitId, order.id, code, order.label(), order.expiresAt.toInstant())).replaceWithVoid();
    }

    public Uni<Void> clearCode(SqlConnection tx, Order order) {
        return outbox.publish(tx, UnitCommands.CLEAR_CODE, order.unitId, new UnitCommands.ClearCode(order.unitId, order.id))
                .replaceWithVoid();
    }

    public Uni<Void> pour(SqlConnection tx, Order order, List<UnitCommands.PourItem> items) {
        return outbox.publish(tx, UnitCommands.POUR, order.unitId, new UnitCommands.Pour(order.unitId, order.id, order.label(), items))
                .replaceWithVoid();
    }
}
