package io.rotender.inventory.reservation;

import java.time.Instant;
import java.util.List;

/**
 * The reservation contract: commands read from {@code rotender.inventory.commands} and events written to
 * {@code rotender.inventory.events}, all keyed by order id.
 */
public final class InventoryMessages {

    public static final String COMMANDS_TOPIC = "rotender.inventory.commands";
    public static final String EVENTS_TOPIC = "rotender.inventory.events";

    private InventoryMessages() {
    }

    public record Item(String drinkId, int quantity) {
    }

    /** Reserve every ingredient of every item on one online unit of the venue, until {@code expiresAt}. */
    public record ReserveStock(String orderId, String venueId, List<Item> items, Instant expiresAt) {
    }

    /** Give a reservation's stock back (order cancelled, expired, rejected by the POS). */
    public record ReleaseStock(String orderId, String reason) {
    }

    public record StockReserved(String orderId, String venueId, String unitId, String unitName, String unitLocation,
                                List<Item> items, Instant expiresAt) {
    }

    public record StockRejected(String orderId, String venueId, List<String> unavailableDrinks, String reason) {
    }

    public record StockReleased(String orderId, String venueId, String unitId, String reason) {
    }

    public record Used(String ingredientId, int ml) {
    }

    public record StockConsumed(String orderId, String venueId, String unitId, List<Used> used) {
    }
}
