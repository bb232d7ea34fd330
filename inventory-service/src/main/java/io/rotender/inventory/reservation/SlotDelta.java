package io.rotender.inventory.reservation;

/**
 * One slot's change: millilitres added to its level and to what is reserved of it (negative to take away), as
 * {@link StockLedger} applies and records it.
 */
public record SlotDelta(int levelMl, int reservedMl) {

    /** A change of the level only (a refill, a report, an admin's setting). */
    public static SlotDelta level(int ml) {
        return new SlotDelta(ml, 0);
    }

    /** A change of what is reserved only. */
    public static SlotDelta reserved(int ml) {
        return new SlotDelta(0, ml);
    }

    public boolean isZero() {
        return levelMl == 0 && reservedMl == 0;
    }
}
