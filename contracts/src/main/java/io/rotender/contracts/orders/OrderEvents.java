package io.rotender.contracts.orders;

import com.fasterxml.jackson.databind.JsonNode;
import io.rotender.contracts.MessageType;
import io.rotender.contracts.PartnerScoped;
import io.rotender.contracts.Require;
import io.rotender.contracts.Topics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every order state change on {@code rotender.orders.events} (key the order id): {@code Order<Change>}, each carrying
 * the whole order as partners see it (the v1 Order of the partner API, snake_case; its shape is pinned by
 * order-service's API tests) and its partner.
 */
public final class OrderEvents {

    /** The changes, in the order an order usually meets them. */
    public static final List<String> CHANGES = List.of("Pending", "Held", "Paid", "Confirmed", "CodeLocked", "CodeReissued", "Ready",
            "Poured", "Failed", "Rejected", "Cancelled", "Expired", "PosStatusChanged");

    private static final Map<String, MessageType<OrderChanged>> BY_CHANGE = byChange();

    public static final MessageType<OrderChanged> ORDER_CONFIRMED = of("Confirmed");
    public static final MessageType<OrderChanged> ORDER_REJECTED = of("Rejected");
    public static final MessageType<OrderChanged> ORDER_CANCELLED = of("Cancelled");
    public static final MessageType<OrderChanged> ORDER_EXPIRED = of("Expired");

    private OrderEvents() {
    }

    /** Every order event type, one per change. */
    public static List<MessageType<OrderChanged>> all() {
        return List.copyOf(BY_CHANGE.values());
    }

    /** The type of {@code change} ({@code Confirmed}: {@code OrderConfirmed}); a change not in {@link #CHANGES} is a bug. */
    public static MessageType<OrderChanged> of(String change) {
        MessageType<OrderChanged> type = BY_CHANGE.get(change);
        if (type == null) {
            throw new IllegalArgumentException("no order event for the change " + change);
        }
        return type;
    }

    private static Map<String, MessageType<OrderChanged>> byChange() {
        Map<String, MessageType<OrderChanged>> all = new LinkedHashMap<>();
        CHANGES.forEach(c -> all.put(c, MessageType.of(Topics.ORDERS_EVENTS, "Order" + c, OrderChanged.class)));
        return all;
    }

    /**
     * @param change    what changed ({@code Confirmed}, ...)
     * @param partnerId the partner that placed the order
     * @param order     the whole order after the change
     */
    public record OrderChanged(String change, String partnerId, JsonNode order) implements PartnerScoped {
        public OrderChanged {
            Require.text(change, "change");
            if (order == null || !order.isObject() || !order.path("id").isTextual()) {
                throw new IllegalArgumentException("order with its id is required");
            }
        }

        public String orderId() {
            return order.path("id").asText();
        }
    }
}
