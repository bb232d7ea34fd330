package io.rotender.order.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rotender.order.orders.OrderEffect.Changed;
import io.rotender.order.orders.OrderEffect.ClearCode;
import io.rotender.order.orders.OrderEffect.Pour;
import io.rotender.order.orders.OrderEffect.ReleaseStock;
import io.rotender.order.orders.OrderEffect.Save;
import io.rotender.order.orders.OrderEffect.Settled;
import io.rotender.order.orders.OrderEffect.ShowNewCode;
import io.rotender.order.pos.PosStatus;
import io.rotender.platform.problem.ProblemException;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Every change of a placed order, decided without I/O: each method takes the order as locked and what happened, moves
 * the order in memory ({@link OrderStatus} refuses an illegal transition) and returns what must follow (its
 * {@link OrderEffect}s, in order) and the problem to answer a caller with, if any. {@link OrderService} loads, locks,
 * and carries the effects out.
 * <pre>
 * pending ──StockReserved+paid──▶ confirmed ──right code──▶ ready ──Poured──▶ poured
 *    │  └─StockReserved, payment pending: held until PUT paid       │              └─PourFailed──▶ failed
 *    ├─StockRejected──▶ rejected                                     └─(code wrong 5x: locked until reissued)
 *    └─cancelled (partner, POS rejection) / expired (TTL): stock released
 * </pre>
 */
public final class OrderLifecycle {

    /** What follows a decision, and the problem a caller is answered with (null: none). Nothing to do: no effects. */
    public record Decision(List<OrderEffect> effects, ProblemException problem) {

        static final Decision NOTHING = new Decision(List.of(), null);

        static Decision of(OrderEffect... effects) {
            return new Decision(List.of(effects), null);
        }

        /** Refused: nothing changes, the caller hears why. */
        static Decision refused(ProblemException problem) {
            return new Decision(List.of(), problem);
        }

        Decision answering(ProblemException problem) {
            return new Decision(effects, problem);
        }

        Decision then(OrderEffect effect) {
            List<OrderEffect> all = new ArrayList<>(effects);
            all.add(effect);
            return new Decision(List.copyOf(all), problem);
        }
    }

    /** Why an open order ends without a pour. */
    public enum Ending {
        /** Its partner cancelled it: a final order answers 409. */
        BY_PARTNER("Cancelled"),
        /** Its POS rejected or cancelled it. */
        BY_POS("Cancelled"),
        /** Its time ran out. */
        EXPIRED("Expired");

        private final String change;

        Ending(String change) {
            this.change = change;
        }
    }

    private OrderLifecycle() {
    }

    // ---- inventory's answer ------------------------------------------------------------------------------------

    /** Inventory reserved the stock on a unit: a paid order is confirmed, an unpaid one held; a late answer gives the stock back. */
    public static Decision reserved(Order o, String unitId, String unitName, String unitLocation) {
        if (!OrderStatus.PENDING.wire().equals(o.status)) {
            // cancelled or expired before the reservation came back: give the stock back
            return o.reserved ? Decision.NOTHING : Decision.of(new ReleaseStock(o.status));
        }
        o.reserved = true;
        o.unitId = unitId;
        o.unitName = unitName;
        o.unitLocation = unitLocation;
        Decision next = "paid".equals(o.paymentStatus) ? confirm(o) : Decision.of(new Save(), new Changed("Held"));
        return next.then(new Settled());
    }

    /** Inventory could not serve it: rejected, naming the drinks that cannot be poured. */
    public static Decision rejected(Order o, JsonNode unavailableDrinks, String reason) {
        if (!o.canMoveTo(OrderStatus.REJECTED)) {
            return Decision.NOTHING;
        }
        o.moveTo(OrderStatus.REJECTED);
        o.unavailableDrinks = unavailableDrinks;
        o.reason = reason;
        return Decision.of(new Save(), new Changed("Rejected"), new Settled());
    }

    /** Stock reserved and payment made: a code unique among the unit's open orders goes to its screen. */
    private static Decision confirm(Order o) {
        o.moveTo(OrderStatus.CONFIRMED);
        return Decision.of(new ShowNewCode(true), new Save(), new Changed("Confirmed"));
    }

    // ---- the partner ---------------------------------------------------------------------------------------------

    /** The payment completed (v1's {@code paid}): a reserved order is confirmed; a second {@code paid} changes nothing. */
    public static Decision paid(Order o) {
        if ("paid".equals(o.paymentStatus)) {
            return Decision.NOTHING;
        }
        if (!OrderStatus.PENDING.wire().equals(o.status)) {
            return Decision.refused(illegal(o, "paid"));
        }
        o.paymentStatus = "paid";
        ((ObjectNode) o.payment).put("status", "paid");
        return o.reserved ? confirm(o) : Decision.of(new Save(), new Changed("Paid"));
    }

    /**
     * The answer to a code before it is checked, when it needs no check: the same code again (the pour is already
     * started), an order not waiting for a code, no code, a locked order. Null when the code must be checked
     * ({@link #codeChecked}).
     */
    public static Decision beforeCodeCheck(Order o, String code) {
        if (OrderStatus.READY.wire().equals(o.status) || OrderStatus.POURED.wire().equals(o.status)) {
            return Decision.NOTHING;
        }
        if (!OrderStatus.CONFIRMED.wire().equals(o.status)) {
            return Decision.refused(illegal(o, "ready"));
        }
        if (code == null) {
            return Decision.refused(ProblemException.invalidField("code", "the 4 digits shown on the unit are required"));
        }
        if (o.codeLocked) {
            return Decision.refused(locked(o));
        }
        return null;
    }

    /**
     * A code checked: at a venue whose POS must accept first, nothing before it has; a wrong code counts (the
     * {@code maxAttempts}-th locks the order until staff reissue it); the right one makes the order ready and the
     * unit pours.
     */
    public static Decision codeChecked(Order o, boolean posMustAcceptFirst, boolean matches, int maxAttempts) {
        if (posMustAcceptFirst && !"accepted".equals(o.posStatus) && !"in_delivery".equals(o.posStatus)) {
            return Decision.refused(ProblemException.conflict("pos-acceptance-required", "Waiting for the POS",
                    "The venue's POS has not accepted order " + o.id + " yet").with("status", o.status).with("pos_status", o.posStatus));
        }
        if (!matches) {
            o.codeAttempts++;
            if (o.codeAttempts >= maxAttempts) {
                o.codeLocked = true;
                return Decision.of(new Save(), new Changed("CodeLocked")).answering(locked(o));
            }
            return Decision.of(new Save()).answering(new ProblemException(422, "wrong-code", "Wrong code",
                    "The code does not match the one on the unit's screen").with("remaining_attempts", maxAttempts - o.codeAttempts));
        }
        o.moveTo(OrderStatus.READY);
        return Decision.of(new Save(), new Pour(), new Changed("Ready"));
    }

    // ---- endings without a pour ----------------------------------------------------------------------------------

    /** An open order cancelled or expired: its stock released, its code off the screen; a final one stays as it is. */
    public static Decision end(Order o, Ending ending, String reason) {
        if (OrderStatus.CANCELLED.wire().equals(o.status)) {
            return Decision.NOTHING;
        }
        if (!o.isOpen()) {
            return ending == Ending.BY_PARTNER ? Decision.refused(illegal(o, "cancelled")) : Decision.NOTHING;
        }
        boolean showing = OrderStatus.CONFIRMED.wire().equals(o.status);
        o.moveTo(ending == Ending.EXPIRED ? OrderStatus.EXPIRED : OrderStatus.CANCELLED);
        o.reason = reason;
        List<OrderEffect> effects = new ArrayList<>(List.of(new Save(), new ReleaseStock(o.status)));
        if (showing) {
            effects.add(new ClearCode());
        }
        effects.add(new Changed(ending.change));
        return new Decision(List.copyOf(effects), null);
    }

    /** The expiry sweep: an open order past its time expires; one that is not (or no longer open) is left alone. */
    public static Decision expire(Order o, OffsetDateTime now) {
        if (!o.isOpen() || o.expiresAt.isAfter(now)) {
            return Decision.NOTHING;
        }
        boolean unpaid = OrderStatus.PENDING.wire().equals(o.status) && !"paid".equals(o.paymentStatus);
        return end(o, Ending.EXPIRED, unpaid ? "payment not completed in time" : "code not used in time");
    }

    // ---- staff, units, POS -----------------------------------------------------------------------------------------

    /** Venue staff: a new code on the unit's screen, attempts reset, lock lifted; only a confirmed order has a code. */
    public static Decision reissueCode(Order o) {
        if (!OrderStatus.CONFIRMED.wire().equals(o.status)) {
            return Decision.refused(illegal(o, "confirmed with a new code"));
        }
        return Decision.of(new ShowNewCode(false), new Save(), new Changed("CodeReissued"));
    }

    /** The unit poured it. */
    public static Decision poured(Order o) {
        if (!o.canMoveTo(OrderStatus.POURED)) {
            return Decision.NOTHING;
        }
        o.moveTo(OrderStatus.POURED);
        return Decision.of(new Save(), new Changed("Poured"));
    }

    /** The unit could not pour it. */
    public static Decision pourFailed(Order o, String reason) {
        if (!o.canMoveTo(OrderStatus.FAILED)) {
            return Decision.NOTHING;
        }
        o.moveTo(OrderStatus.FAILED);
        o.reason = reason == null ? "the unit could not pour" : reason;
        return Decision.of(new Save(), new Changed("Failed"));
    }

    /** A POS answer: the POS state moves forward only; a rejection or cancellation before the pour cancels the order. */
    public static Decision posCommand(Order o, String command, String reason) {
        String posStatus = PosStatus.of(command);
        if (!PosStatus.advances(o.posStatus, posStatus)) {
            return Decision.NOTHING; // a repeat, or a late message about an earlier state
        }
        o.posStatus = posStatus;
        if (("rejected".equals(posStatus) || "cancelled".equals(posStatus)) && o.isOpen()) {
            return end(o, Ending.BY_POS, "POS " + posStatus + (reason == null ? "" : ": " + reason));
        }
        return Decision.of(new Save(), new Changed("PosStatusChanged"));
    }

    private static ProblemException illegal(Order o, String wanted) {
        return ProblemException.conflict("illegal-transition", "Illegal transition",
                        "Order " + o.id + " is " + o.status + (o.codeLocked ? " (locked)" : "") + ": it cannot become " + wanted)
                .with("status", o.status).with("payment_status", o.paymentStatus);
    }

    private static ProblemException locked(Order o) {
        return new ProblemException(423, "code-locked", "Order locked",
                "Too many wrong codes for order " + o.id + ": venue staff must issue a new code").with("remaining_attempts", 0);
    }
}
