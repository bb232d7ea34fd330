package io.rotender.order.orders;

/**
 * What must follow a decision of {@link OrderLifecycle}, in the order given: {@link OrderService} carries each out in
 * the transaction that holds the order's row lock (the store, the outbox, the waiting POST).
 */
public sealed interface OrderEffect {

    /** The order's row gets its new state. */
    record Save() implements OrderEffect {
    }

    /** {@code Order<change>} on {@code rotender.orders.events}, with the whole order. */
    record Changed(String change) implements OrderEffect {
    }

    /** ReleaseStock to inventory: the order's reservation (if any) is given back. */
    record ReleaseStock(String reason) implements OrderEffect {
    }

    /**
     * A code no other confirmed order of the unit holds goes to the unit's screen (ShowCode); wrong attempts and the
     * lock reset. With {@code startsTtl}, the order's time to be collected starts now (the venue's TTL).
     */
    record ShowNewCode(boolean startsTtl) implements OrderEffect {
    }

    /** ClearCode: the order's code leaves the unit's screen. */
    record ClearCode() implements OrderEffect {
    }

    /** Pour: the unit pours the order's drinks; this and what follows belong to the trace that placed the order. */
    record Pour() implements OrderEffect {
    }

    /** The POST waiting for inventory's answer (on any replica) is woken: the order has settled. */
    record Settled() implements OrderEffect {
    }
}
