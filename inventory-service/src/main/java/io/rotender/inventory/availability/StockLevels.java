package io.rotender.inventory.availability;

/** How many drinks a venue can still pour, as the partner API's {@code ingredient_stock_level}. */
public final class StockLevels {

    private StockLevels() {
    }

    public static String band(int pourable, int low, int medium) {
        if (pourable <= 0) {
            return "oos";
        }
        if (pourable <= low) {
            return "low";
        }
        if (pourable <= medium) {
            return "medium";
        }
        return "high";
    }
}
