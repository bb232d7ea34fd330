package io.rotender.contracts.inventory;

import io.rotender.contracts.MessageType;
import io.rotender.contracts.Require;
import io.rotender.contracts.Topics;

import java.util.List;

/** What inventory-service publishes on {@code rotender.inventory.availability} (compacted, full state per key). */
public final class AvailabilityEvents {

    public static final MessageType<DrinkAvailabilityChanged> DRINK_AVAILABILITY_CHANGED =
            MessageType.of(Topics.INVENTORY_AVAILABILITY, "DrinkAvailabilityChanged", DrinkAvailabilityChanged.class);
    public static final MessageType<UnitStatusChanged> UNIT_STATUS_CHANGED =
            MessageType.of(Topics.INVENTORY_AVAILABILITY, "UnitStatusChanged", UnitStatusChanged.class);

    private AvailabilityEvents() {
    }

    /**
     * Whether the drink can be poured now on at least one online unit, how many the venue can still pour (sum
     * over online units), the stock level band from the venue's thresholds, and the units that can pour it
     * (key {@link #drinkKey}).
     */
    public record DrinkAvailabilityChanged(String venueId, String drinkId, Boolean available, int pourable, String stockLevel,
                                           List<String> units) {
        public DrinkAvailabilityChanged {
            Require.text(venueId, "venueId");
            Require.text(drinkId, "drinkId");
            if (available == null) {
                throw new IllegalArgumentException("available is required");
            }
            units = units == null ? List.of() : List.copyOf(units);
        }
    }

    /** A unit as the menu shows it (key {@link #unitKey}). */
    public record UnitStatusChanged(String venueId, String unitId, String name, String location, boolean online, boolean removed) {
        public UnitStatusChanged {
            Require.text(venueId, "venueId");
            Require.text(unitId, "unitId");
        }
    }

    public static String drinkKey(String venueId, String drinkId) {
        return venueId + "/" + drinkId;
    }

    public static String unitKey(String venueId, String unitId) {
        return venueId + "/units/" + unitId;
    }
}
