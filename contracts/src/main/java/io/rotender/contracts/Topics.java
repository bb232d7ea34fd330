package io.rotender.contracts;

import java.util.List;

/**
 * Every Kafka topic of the platform ({@code rotender.<area>.<kind>}). Each consumed topic also has a
 * {@code <topic>.dlq}; {@code deploy/topics.conf} lists both and is checked against this class.
 */
public final class Topics {

    public static final String MENU_CATALOG = "rotender.menu.catalog";
    public static final String INVENTORY_COMMANDS = "rotender.inventory.commands";
    public static final String INVENTORY_EVENTS = "rotender.inventory.events";
    public static final String INVENTORY_AVAILABILITY = "rotender.inventory.availability";
    public static final String ORDERS_EVENTS = "rotender.orders.events";
    public static final String ORDERS_COMMANDS = "rotender.orders.commands";
    public static final String UNITS_COMMANDS = "rotender.units.commands";
    public static final String UNITS_EVENTS = "rotender.units.events";
    public static final String PARTNERS_ACCESS = "rotender.partners.access";
    public static final String CONNECTORS_POS = "rotender.connectors.pos";

    public static final List<String> ALL = List.of(MENU_CATALOG, INVENTORY_COMMANDS, INVENTORY_EVENTS, INVENTORY_AVAILABILITY,
            ORDERS_EVENTS, ORDERS_COMMANDS, UNITS_COMMANDS, UNITS_EVENTS, PARTNERS_ACCESS, CONNECTORS_POS);

    private Topics() {
    }

    /** The dead-letter topic of {@code topic}. */
    public static String dlq(String topic) {
        return topic + ".dlq";
    }
}
