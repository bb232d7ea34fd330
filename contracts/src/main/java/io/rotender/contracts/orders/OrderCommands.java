package io.rotender.contracts.orders;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rotender.contracts.MessageType;
import io.rotender.contracts.Require;
import io.rotender.contracts.Topics;

import java.util.List;

/**
 * What proxy-connectors turns a POS's answers into, on {@code rotender.orders.commands} (key the order id). The
 * six commands carry the same record; each moves the order's POS state along Restaumatic's conversation
 * diagram (forwarded, accepted or rejected, in delivery, closed or cancelled).
 */
public final class OrderCommands {

    public static final MessageType<PosAnswer> MARK_FORWARDED = of("MarkForwarded");
    public static final MessageType<PosAnswer> ACCEPT_ORDER = of("AcceptOrder");
    public static final MessageType<PosAnswer> REJECT_ORDER = of("RejectOrder");
    public static final MessageType<PosAnswer> MARK_IN_DELIVERY = of("MarkInDelivery");
    public static final MessageType<PosAnswer> CLOSE_ORDER = of("CloseOrder");
    public static final MessageType<PosAnswer> CANCEL_ORDER = of("CancelOrder");

    public static final List<MessageType<PosAnswer>> ALL =
            List.of(MARK_FORWARDED, ACCEPT_ORDER, REJECT_ORDER, MARK_IN_DELIVERY, CLOSE_ORDER, CANCEL_ORDER);

    private OrderCommands() {
    }

    private static MessageType<PosAnswer> of(String name) {
        return MessageType.of(Topics.ORDERS_COMMANDS, name, PosAnswer.class);
    }

    /**
     * A POS's answer about an order.
     *
     * @param orderId                     the Rotender order
     * @param reason                      why it was rejected or cancelled
     * @param pos                         the POS that answered ({@code restaumatic} or {@code portos}), on MarkForwarded
     * @param restaumaticOrderId          Restaumatic's own id of the order, when it gave one
     * @param overwrittenFullfillmentTime Restaumatic's changed fulfilment time (its spelling)
     * @param estimatedCompletionAt       PORTOS's estimate on acceptance
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PosAnswer(String orderId, String reason, String pos, String restaumaticOrderId, String overwrittenFullfillmentTime,
                            String estimatedCompletionAt) {
        public PosAnswer {
            Require.text(orderId, "orderId");
        }

        public static PosAnswer of(String orderId) {
            return new PosAnswer(orderId, null, null, null, null, null);
        }

        public PosAnswer withReason(String why) {
            return new PosAnswer(orderId, why, pos, restaumaticOrderId, overwrittenFullfillmentTime, estimatedCompletionAt);
        }
    }
}
