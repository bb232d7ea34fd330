package io.rotender.contracts;

import io.rotender.contracts.catalog.CatalogEvents;
import io.rotender.contracts.connectors.ConnectorEvents;
import io.rotender.contracts.inventory.AvailabilityEvents;
import io.rotender.contracts.inventory.InventoryCommands;
import io.rotender.contracts.inventory.InventoryEvents;
import io.rotender.contracts.orders.OrderCommands;
import io.rotender.contracts.orders.OrderEvents;
import io.rotender.contracts.partners.PartnerEvents;
import io.rotender.contracts.units.UnitCommands;
import io.rotender.contracts.units.UnitEvents;

import java.util.ArrayList;
import java.util.List;

/** Every message type of this module, for the tests that pin their shapes and the tools that list them. */
public final class Messages {

    public static final List<MessageType<?>> ALL = all();

    private Messages() {
    }

    private static List<MessageType<?>> all() {
        List<MessageType<?>> all = new ArrayList<>(List.of(
                InventoryCommands.RESERVE_STOCK, InventoryCommands.RELEASE_STOCK,
                InventoryEvents.STOCK_RESERVED, InventoryEvents.STOCK_REJECTED, InventoryEvents.STOCK_RELEASED, InventoryEvents.STOCK_CONSUMED,
                AvailabilityEvents.DRINK_AVAILABILITY_CHANGED, AvailabilityEvents.UNIT_STATUS_CHANGED,
                UnitCommands.SHOW_CODE, UnitCommands.CLEAR_CODE, UnitCommands.POUR,
                UnitEvents.HEARTBEAT, UnitEvents.LEVELS_REPORTED, UnitEvents.POURED, UnitEvents.POUR_FAILED,
                ConnectorEvents.VENUE_POS_CHANGED));
        all.addAll(OrderCommands.ALL);
        all.addAll(List.of(CatalogEvents.VENUE_UPSERTED, CatalogEvents.DRINK_UPSERTED, CatalogEvents.DRINK_REMOVED,
                PartnerEvents.PARTNER_ACCESS_CHANGED));
        all.addAll(OrderEvents.all());
        return List.copyOf(all);
    }
}
