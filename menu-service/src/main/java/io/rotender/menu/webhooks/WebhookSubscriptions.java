package io.rotender.menu.webhooks;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rotender.platform.notify.PgNotifications;
import io.rotender.platform.scheduling.PeriodicTask;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Which partners have a webhook endpoint, kept in memory so that the order events of every other partner (most of
 * them, most of the time) are acknowledged without a transaction. Reloaded when any replica changes an endpoint
 * (PostgreSQL {@code NOTIFY webhook_endpoints}, sent in the changing transaction) and every minute; until the first
 * load every event is taken (nothing is skipped on a guess). An endpoint receives the events that happen once it
 * exists: within the notification's round trip in every replica.
 */
@ApplicationScoped
public class WebhookSubscriptions {

    static final String CHANNEL = "webhook_endpoints";

    private final Pool pool;
    private final Vertx vertx;
    private final PgNotifications notifications;
    private volatile Set<String> partners;
    private PeriodicTask reload;

    public WebhookSubscriptions(Pool pool, Vertx vertx, PgNotifications notifications) {
        this.pool = pool;
        this.vertx = vertx;
        this.notifications = notifications;
    }

    void start(@Observes StartupEvent event) {
        reload = PeriodicTask.every(vertx, Duration.ofMinutes(1), "Webhook subscribers", this::load);
        notifications.listen(CHANNEL, changed -> reload.runNow());
        reload.runNow();
    }

    void stop(@Observes ShutdownEvent event) {
        if (reload != null) {
            reload.stop();
        }
    }

    /** False only when {@code partnerId} surely has no endpoint. */
    public boolean mayWant(String partnerId) {
        Set<String> known = partners;
        return known == null || partnerId == null || known.contains(partnerId);
    }

    /** Whether any partner may have an endpoint. */
    public boolean anyone() {
        Set<String> known = partners;
        return known == null || !known.isEmpty();
    }

    /** Tells every replica, once the caller's transaction commits, that the partner's endpoints changed. */
    static Uni<Void> changed(SqlClient tx, String partnerId) {
        return tx.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CHANNEL, partnerId)).replaceWithVoid();
    }

    private Uni<Void> load() {
        return pool.query("SELECT DISTINCT partner_id FROM webhook_endpoint").execute().invoke(rows -> {
            Set<String> loaded = new HashSet<>();
            rows.forEach(r -> loaded.add(r.getString("partner_id")));
            partners = Set.copyOf(loaded);
        }).replaceWithVoid();
    }
}
