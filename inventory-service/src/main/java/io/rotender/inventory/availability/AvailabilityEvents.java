package io.rotender.inventory.availability;

import java.util.List;

/** What inventory-service publishes on {@code rotender.inventory.availability} (compacted). */
public final class AvailabilityEvents {

    public static final String TOPIC = "rotender.inventory.availability";
    public static final String DRINK_AVAILABILITY_CHANGED = "DrinkAvailabilityChanged";
    public static final String UNIT_STATUS_CHANGED = "UnitStatusChanged";

    private AvailabilityEvents() {
    }

    /**
     * Whether the drink can be poured now on at least one online unit, how many the venue can still pour
     * (sum over online units), the stock level band from the venue's thresholds, and the units that can
     * pour it. Published when availability, band or the set of units changes.
     */
    public record DrinkAvailability(String venueId, String drinkId, boolean available, int pourable, String stockLevel,
                                    List<String> units) {
    }

    /** A unit as the menu shows it (key {@code venueId/units/unitId}). */
    public record UnitStatus(String venueId, String unitId, String name, String location, boolean online, boolean removed) {
    }

    public static String drinkKey(String venueId, String drinkId) {
        return venueId + "/" + drinkId;
    }

    public static String unitKey(String venueId, String unitId) {
        return venueId + "/units/" + unitId;
    }
}
