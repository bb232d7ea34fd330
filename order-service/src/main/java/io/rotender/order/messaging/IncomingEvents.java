package io.rotender.order.messaging;

import io.rotender.order.availability.AvailabilityProjection;
import io.rotender.order.catalog.CatalogProjection;
import io.rotender.order.inventory.InventoryEventsConsumer;
import io.rotender.order.partners.PartnerAccessConsumer;
import io.rotender.order.pos.PosCommandsConsumer;
import io.rotender.order.units.UnitEventsConsumer;
import io.rotender.platform.consumer.ChannelRouter;
import io.rotender.platform.consumer.EventRouters;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * order-service's one Kafka consumer (the {@code events} channel): every topic it reads, each record handed to the
 * consumer of its topic. One consumer client per replica and concurrency slot instead of one per topic: one fetch,
 * one heartbeat and one group membership for all of them.
 */
@ApplicationScoped
public class IncomingEvents {

    private final ChannelRouter channel;

    public IncomingEvents(EventRouters routers, CatalogProjection catalog, PartnerAccessConsumer partnerAccess,
                          AvailabilityProjection availability, InventoryEventsConsumer inventoryEvents,
                          UnitEventsConsumer unitEvents, PosCommandsConsumer posCommands) {
        this.channel = routers.channel(catalog.router(), partnerAccess.router(), availability.router(),
                inventoryEvents.router(), unitEvents.router(), posCommands.router());
    }

    @Incoming("events")
    public Uni<Void> onEvent(KafkaRecord<String, String> record) {
        return channel.route(record);
    }
}
