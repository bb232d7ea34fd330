package io.rotender.platform.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotender.contracts.MessageType;
import io.rotender.platform.events.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Makes a consumer's {@link EventRouter}: {@code routers.named("order-service.unit-events").on(POURED, ...).build()}. */
@ApplicationScoped
public class EventRouters {

    private final IdempotentConsumer idempotent;
    private final ObjectMapper mapper;
    private final Set<String> consumers = ConcurrentHashMap.newKeySet();

    public EventRouters(IdempotentConsumer idempotent, ObjectMapper mapper) {
        this.idempotent = idempotent;
        this.mapper = mapper;
    }

    public EventRouter.Builder named(String consumer) {
        return new EventRouter.Builder(consumer, this);
    }

    /**
     * One channel reading the topics of several routers, each record routed to its topic's router (see
     * {@link ChannelRouter}): {@code routers.channel(catalog.router(), unitEvents.router())}.
     */
    public ChannelRouter channel(EventRouter... routers) {
        return new ChannelRouter(List.of(routers));
    }

    /** The names of the routers built in this service: the consumers whose dead letters are this service's. */
    public Set<String> consumers() {
        return Set.copyOf(consumers);
    }

    void built(String consumer) {
        consumers.add(consumer);
    }

    IdempotentConsumer idempotent() {
        return idempotent;
    }

    <T> T read(EventEnvelope event, MessageType<T> type) {
        return event.dataAs(type.data(), mapper);
    }
}
