package io.rotender.platform.consumer;

/**
 * A consumer of one topic that the service's {@code events} channel reads ({@link EventsChannel}): it builds its
 * {@link EventRouter} (one handler per message type) and the chassis hands it the records of its topic. A bean that
 * implements it is all a new consumer needs, beside its topic in {@code mp.messaging.incoming.events.topics}.
 */
public interface RoutedConsumer {

    /** This consumer's router; its topic is the one it reads. */
    EventRouter router();
}
