package io.rotender.contracts.inventory;

import io.rotender.contracts.MessageType;
import io.rotender.contracts.Require;
import io.rotender.contracts.Topics;

import java.time.Instant;
import java.util.List;

/** What order-service asks of inventory-service on {@code rotender.inventory.commands} (key the order id). */
public final class InventoryCommands {

    public static final MessageType<ReserveStock> RESERVE_STOCK = MessageType.of(Topics.INVENTORY_COMMANDS, "ReserveStock", ReserveStock.class);
    public static final MessageType<ReleaseStock> RELEASE_STOCK = MessageType.of(Topics.INVENTORY_COMMANDS, "ReleaseStock", ReleaseStock.class);

    private InventoryCommands() {
    }

    /** A drink and how many; an item inventory cannot read is answered with a StockRejected (invalid-items), not dropped. */
    public record Item(String drinkId, int quantity) {
    }

    /** Reserve every ingredient of every item on one online unit of the venue, until {@code expiresAt}. */
    public record ReserveStock(String orderId, String venueId, List<Item> items, Instant expiresAt) {
        public ReserveStock {
            Require.text(orderId, "orderId");
            Require.text(venueId, "venueId");
            items = items == null ? List.of() : List.copyOf(items);
        }
    }

    /** Give a reservation's stock back (order cancelled, expired, rejected by the POS); reason defaults to released. */
    public record ReleaseStock(String orderId, String reason) {
        public ReleaseStock {
            Require.text(orderId, "orderId");
            reason = reason == null ? "released" : reason;
        }
    }
}
