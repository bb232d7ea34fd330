package io.rotender.order.orders;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * An order's state machine, in one place. An order is placed {@code pending} (stock being reserved, or held
 * while the payment is awaited); inventory's answer rejects it or, once paid, confirms it (its code on the
 * unit's screen); the right code makes it {@code ready} (the unit pours); the unit's report makes it
 * {@code poured} or {@code failed}. An open order (pending or confirmed) can be cancelled (by its partner or
 * its POS) or expire. The final states have no way out. The wire name is what the partner API, the events and
 * the {@code orders.status} column say.
 */
public enum OrderStatus {
    PENDING("pending"),
    CONFIRMED("confirmed"),
    READY("ready"),
    POURED("poured"),
    FAILED("failed"),
    REJECTED("rejected"),
    CANCELLED("cancelled"),
    EXPIRED("expired");

    private static final Map<OrderStatus, Set<OrderStatus>> NEXT = Map.of(
            PENDING, EnumSet.of(CONFIRMED, REJECTED, CANCELLED, EXPIRED),
            CONFIRMED, EnumSet.of(READY, CANCELLED, EXPIRED),
            READY, EnumSet.of(POURED, FAILED),
            POURED, EnumSet.noneOf(OrderStatus.class),
            FAILED, EnumSet.noneOf(OrderStatus.class),
            REJECTED, EnumSet.noneOf(OrderStatus.class),
            CANCELLED, EnumSet.noneOf(OrderStatus.class),
            EXPIRED, EnumSet.noneOf(OrderStatus.class));

    private final String wire;

    OrderStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The status of a wire name; an unknown name is a bug (the column's CHECK allows only these). */
    public static OrderStatus of(String wire) {
        for (OrderStatus status : values()) {
            if (status.wire.equals(wire)) {
                return status;
            }
        }
        throw new IllegalArgumentException("no order status " + wire);
    }

    public boolean canMoveTo(OrderStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** Pending or confirmed: it can still be cancelled or expire. */
    public boolean isOpen() {
        return canMoveTo(CANCELLED);
    }

    public boolean isFinal() {
        return NEXT.get(this).isEmpty();
    }

    /** {@code next}, or an {@link IllegalStateException} naming the illegal transition. */
    public OrderStatus moveTo(OrderStatus next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("an order " + wire + " cannot become " + next.wire);
        }
        return next;
    }
}
