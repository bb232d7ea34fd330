package io.rotender.menu.webhooks;

import io.rotender.contracts.MessageType;
import io.rotender.contracts.orders.OrderEvents;
import io.rotender.contracts.orders.OrderEvents.OrderChanged;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The webhook event types a partner can subscribe to: every order change a partner can see, named after the
 * order event it comes from ({@code OrderPoured}: {@code order.poured}), and a drink's availability at one of the
 * partner's venues. An order's creation ({@code OrderPending}) is not one: the partner's own POST answered it.
 */
public final class WebhookTypes {

    public static final String DRINK_AVAILABILITY_CHANGED = "menu.drink_availability_changed";

    private static final Map<String, String> BY_CHANGE = new LinkedHashMap<>();

    static {
        BY_CHANGE.put("Held", "order.held");
        BY_CHANGE.put("Paid", "order.paid");
        BY_CHANGE.put("Confirmed", "order.confirmed");
        BY_CHANGE.put("CodeLocked", "order.code_locked");
        BY_CHANGE.put("CodeReissued", "order.code_reissued");
        BY_CHANGE.put("Ready", "order.ready");
        BY_CHANGE.put("Poured", "order.poured");
        BY_CHANGE.put("Failed", "order.failed");
        BY_CHANGE.put("Rejected", "order.rejected");
        BY_CHANGE.put("Cancelled", "order.cancelled");
        BY_CHANGE.put("Expired", "order.expired");
        BY_CHANGE.put("PosStatusChanged", "order.pos_status_changed");
    }

    /** Every type, orders first. */
    public static final List<String> ALL = all();

    private WebhookTypes() {
    }

    private static List<String> all() {
        List<String> all = new java.util.ArrayList<>(BY_CHANGE.values());
        all.add(DRINK_AVAILABILITY_CHANGED);
        return List.copyOf(all);
    }

    /** The webhook type of an order change, or null for a change partners are not told of. */
    public static String ofChange(String change) {
        return BY_CHANGE.get(change);
    }

    /** The order events that become webhooks. */
    public static List<MessageType<OrderChanged>> orderEvents() {
        return BY_CHANGE.keySet().stream().map(OrderEvents::of).toList();
    }

    public static boolean known(String type) {
        return ALL.contains(type);
    }

    /** Whether an endpoint subscribed to {@code subscribed} (empty: every type) wants {@code type}. */
    public static boolean wants(Set<String> subscribed, String type) {
        return subscribed.isEmpty() || subscribed.contains(type);
    }
}
