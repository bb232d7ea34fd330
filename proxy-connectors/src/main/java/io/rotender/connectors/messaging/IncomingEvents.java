package io.rotender.connectors.messaging;

import io.rotender.connectors.catalog.CatalogPrices;
import io.rotender.connectors.forwarding.OrderEventsConsumer;
import io.rotender.platform.consumer.ChannelRouter;
import io.rotender.platform.consumer.EventRouters;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * proxy-connectors' one Kafka consumer (the {@code events} channel): the catalog's prices and the order events to
 * forward, each record handed to the consumer of its topic.
 */
@ApplicationScoped
public class IncomingEvents {

    private final ChannelRouter channel;

    public IncomingEvents(EventRouters routers, CatalogPrices catalog, OrderEventsConsumer orderEvents) {
        this.channel = routers.channel(catalog.router(), orderEvents.router());
    }

    @Incoming("events")
    public Uni<Void> onEvent(KafkaRecord<String, String> record) {
        return channel.route(record);
    }
}
