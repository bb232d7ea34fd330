package io.rotender.inventory.messaging;

import io.rotender.inventory.catalog.CatalogProjection;
import io.rotender.inventory.units.UnitEventsConsumer;
import io.rotender.platform.consumer.ChannelRouter;
import io.rotender.platform.consumer.EventRouters;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * inventory-service's Kafka consumer of the catalog and the units' events (the {@code events} channel), each record
 * handed to the consumer of its topic. The reservation commands keep a channel of their own ({@code inventory-commands}:
 * the order path, with its own concurrency).
 */
@ApplicationScoped
public class IncomingEvents {

    private final ChannelRouter channel;

    public IncomingEvents(EventRouters routers, CatalogProjection catalog, UnitEventsConsumer unitEvents) {
        this.channel = routers.channel(catalog.router(), unitEvents.router());
    }

    @Incoming("events")
    public Uni<Void> onEvent(KafkaRecord<String, String> record) {
        return channel.route(record);
    }
}
