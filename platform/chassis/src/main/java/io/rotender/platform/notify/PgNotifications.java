package io.rotender.platform.notify;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.rotender.platform.config.DatabaseAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * PostgreSQL {@code LISTEN} on the service's own database: a dedicated connection per listener that
 * reconnects forever. Notifications sent in a transaction arrive only if it commits, which makes them the
 * way for a commit in any replica to wake work in every replica. Every listener still open when the service
 * stops is closed then, so a caller needs no shutdown code of its own.
 * <p>
 * Vert.x's subscriber applies its reconnect policy only once a connection was established and then lost; a
 * first connect that fails (a replica started while PostgreSQL is away, a failover) is tried again here,
 * with backoff from 250 ms to 5 s, until it works. {@link #down()} names the listeners not listening now, for
 * readiness ({@code NotificationsReadiness}).
 */
@ApplicationScoped
public class PgNotifications {

    private static final long FIRST_RETRY_MS = 250;
    private static final long MAX_RETRY_MS = 5_000;

    private final Vertx vertx;
    private final DatabaseAddress database;
    private final List<Listener> open = new CopyOnWriteArrayList<>();

    public PgNotifications(Vertx vertx, DatabaseAddress database) {
        this.vertx = vertx;
        this.database = database;
    }

    /** Listens on {@code channel}, calling {@code handler} with each payload, until closed or the service stops. */
    public Listener listen(String channel, Consumer<String> handler) {
        PgSubscriber subscriber = PgSubscriber.subscriber(vertx, database.connectOptions()).reconnectPolicy(retries -> 500L);
        Listener listener = new Listener(channel, subscriber);
        subscriber.channel(channel).subscribeHandler(listener::subscribed).handler(handler::accept);
        open.add(listener);
        listener.connect(FIRST_RETRY_MS);
        return listener;
    }

    /** The channels of open listeners that are not listening now (connecting, or reconnecting). */
    public List<String> down() {
        return open.stream().filter(l -> !l.isListening()).map(l -> l.channel).toList();
    }

    void closeAll(@Observes ShutdownEvent event) {
        open.forEach(Listener::close);
    }

    /** One {@code LISTEN} under way on its own connection. */
    public final class Listener {

        private final String channel;
        private final PgSubscriber subscriber;
        private volatile boolean subscribed;
        private volatile boolean closed;

        private Listener(String channel, PgSubscriber subscriber) {
            this.channel = channel;
            this.subscriber = subscriber;
        }

        private void connect(long nextDelay) {
            if (closed) {
                return;
            }
            subscriber.connect().subscribe().with(
                    ok -> Log.debugf("Listening on %s", channel),
                    failure -> {
                        if (closed) {
                            return;
                        }
                        Log.warnf("Cannot listen on %s yet, trying again in %d ms: %s", channel, nextDelay, failure.getMessage());
                        // a subscriber whose first connect failed stays "open" and ignores connect(): close it first
                        Runnable retry = () -> vertx.setTimer(nextDelay, id -> connect(Math.min(MAX_RETRY_MS, nextDelay * 2)));
                        subscriber.close().subscribe().with(done -> retry.run(), e -> retry.run());
                    });
        }

        private void subscribed() {
            subscribed = true;
        }

        /** Whether the listener's connection is up and its {@code LISTEN} was issued. */
        public boolean isListening() {
            return !closed && subscribed && subscriber.actualConnection() != null;
        }

        /** Stops listening (idempotent). */
        public void close() {
            closed = true;
            if (open.remove(this)) {
                subscriber.close().subscribe().with(ok -> { }, failure -> { });
            }
        }
    }
}
