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
 */
@ApplicationScoped
public class PgNotifications {

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
        subscriber.channel(channel).handler(handler::accept);
        subscriber.connect().subscribe().with(
                ok -> Log.debugf("Listening on %s", channel),
                failure -> Log.warnf("Cannot listen on %s yet (retrying): %s", channel, failure.getMessage()));
        Listener listener = new Listener(subscriber);
        open.add(listener);
        return listener;
    }

    void closeAll(@Observes ShutdownEvent event) {
        open.forEach(Listener::close);
    }

    /** One {@code LISTEN} under way on its own connection. */
    public final class Listener {

        private final PgSubscriber subscriber;

        private Listener(PgSubscriber subscriber) {
            this.subscriber = subscriber;
        }

        /** Stops listening (idempotent). */
        public void close() {
            if (open.remove(this)) {
                subscriber.close().subscribe().with(ok -> { }, failure -> { });
            }
        }
    }
}
