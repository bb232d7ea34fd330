package io.rotender.order.pos;

import java.util.Map;

/**
 * An order's state at its venue's POS, moving only forward along Restaumatic's conversation diagram
 * (forwarded, then accepted or rejected, then in delivery, then closed or cancelled), whatever order the
 * commands arrive in: a {@code MarkForwarded} recorded after the POS already accepted (a retried send whose
 * first answer was lost) must not take {@code accepted} back.
 */
public final class PosStatus {

    private static final Map<String, String> BY_COMMAND = Map.of(
            "MarkForwarded", "forwarded",
            "AcceptOrder", "accepted",
            "RejectOrder", "rejected",
            "MarkInDelivery", "in_delivery",
            "CloseOrder", "closed",
            "CancelOrder", "cancelled");
    private static final Map<String, Integer> RANK = Map.of(
            "forwarded", 1,
            "accepted", 2,
            "rejected", 2,
            "in_delivery", 3,
            "closed", 4,
            "cancelled", 4);

    private PosStatus() {
    }

    /** The POS state a command names, or null for a command that is not a POS answer. */
    public static String of(String command) {
        return BY_COMMAND.get(command);
    }

    /** Whether an order whose POS state is {@code current} (null: nothing heard yet) may move to {@code next}. */
    public static boolean advances(String current, String next) {
        if (next == null || next.equals(current)) {
            return false;
        }
        return current == null || RANK.getOrDefault(next, 0) > RANK.getOrDefault(current, 0);
    }
}
