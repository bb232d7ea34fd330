package io.rotender.menu.availability;

import java.util.List;

/** What menu-service reads from {@code rotender.inventory.availability} (published by inventory-service). */
public final class AvailabilityEvents {

    public static final String DRINK_AVAILABILITY_CHANGED = "DrinkAvailabilityChanged";
    public static final String UNIT_STATUS_CHANGED = "UnitStatusChanged";

    private AvailabilityEvents() {
    }

    /** Whether a drink can be poured now, how many, the stock level band, and on which units. */
    public record DrinkAvailability(String venueId, String drinkId, boolean available, int pourable, String stockLevel,
                                    List<String> units) {
    }

    /** A unit of a venue as partners may see it; {@code removed} when it left the venue. */
    public record UnitStatus(String venueId, String unitId, String name, String location, boolean online, boolean removed) {
    }
}
