package io.rotender.inventory.reservation;

import java.util.Collection;

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

    /**
     * Whether it changes what is free in the slot (level minus reserved), the only thing of a slot a venue's
     * availability is computed from: a pour that uses what its order reserved takes as much from both and does not.
     */
    public boolean changesFree() {
        return levelMl != reservedMl;
    }

    /** Whether any of these changes what is free in its slot. */
    public static boolean anyChangesFree(Collection<SlotDelta> deltas) {
        return deltas.stream().anyMatch(SlotDelta::changesFree);
    }
}
