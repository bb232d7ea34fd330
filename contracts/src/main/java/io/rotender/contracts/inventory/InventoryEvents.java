package io.rotender.contracts.inventory;

import io.rotender.contracts.MessageType;
import io.rotender.contracts.Require;
import io.rotender.contracts.Topics;

import java.time.Instant;
import java.util.List;

/** What inventory-service answers on {@code rotender.inventory.events} (key the order id). */
public final class InventoryEvents {

    public static final MessageType<StockReserved> STOCK_RESERVED = MessageType.of(Topics.INVENTORY_EVENTS, "StockReserved", StockReserved.class);
    public static final MessageType<StockRejected> STOCK_REJECTED = MessageType.of(Topics.INVENTORY_EVENTS, "StockRejected", StockRejected.class);
    public static final MessageType<StockReleased> STOCK_RELEASED = MessageType.of(Topics.INVENTORY_EVENTS, "StockReleased", StockReleased.class);
    public static final MessageType<StockConsumed> STOCK_CONSUMED = MessageType.of(Topics.INVENTORY_EVENTS, "StockConsumed", StockConsumed.class);

    private InventoryEvents() {
    }

    /** The order's stock is held on {@code unitId} until {@code expiresAt}. */
    public record StockReserved(String orderId, String venueId, String unitId, String unitName, String unitLocation,
                                List<InventoryCommands.Item> items, Instant expiresAt) {
        public StockReserved {
            Require.text(orderId, "orderId");
            Require.text(unitId, "unitId");
        }
    }

    /** No online unit of the venue can pour the whole order; {@code reason} defaults to out-of-stock. */
    public record StockRejected(String orderId, String venueId, List<String> unavailableDrinks, String reason) {
        public StockRejected {
            Require.text(orderId, "orderId");
            unavailableDrinks = unavailableDrinks == null ? List.of() : List.copyOf(unavailableDrinks);
            reason = reason == null ? "out-of-stock" : reason;
        }
    }

    public record StockReleased(String orderId, String venueId, String unitId, String reason) {
        public StockReleased {
            Require.text(orderId, "orderId");
        }
    }

    public record Used(String ingredientId, int ml) {
    }

    public record StockConsumed(String orderId, String venueId, String unitId, List<Used> used) {
        public StockConsumed {
            Require.text(orderId, "orderId");
        }
    }
}
