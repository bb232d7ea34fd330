package io.rotender.menu.messaging;

import io.rotender.menu.availability.AvailabilityConsumer;
import io.rotender.menu.pos.VenuePosConsumer;
import io.rotender.platform.consumer.ChannelRouter;
import io.rotender.platform.consumer.EventRouters;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * menu-service's Kafka consumer of availability and venues' POS state (the {@code events} channel), each record handed
 * to the consumer of its topic. The webhook feed keeps a channel of its own ({@code orders-events}: batches, fetched at
 * most twice a second).
 */
@ApplicationScoped
public class IncomingEvents {

    private final ChannelRouter channel;

    public IncomingEvents(EventRouters routers, AvailabilityConsumer availability, VenuePosConsumer venuePos) {
        this.channel = routers.channel(availability.router(), venuePos.router());
    }

    @Incoming("events")
    public Uni<Void> onEvent(KafkaRecord<String, String> record) {
        return channel.route(record);
    }
}
