package io.rotender.order.orders;

import io.quarkus.runtime.StartupEvent;
import io.rotender.platform.notify.PgNotifications;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a POST wait for its reservation even when another replica consumes the answer: whoever settles an
 * order (reserved or rejected) sends {@code NOTIFY rotender_order_settled, '<orderId>'} in the same
 * transaction; every replica listens and wakes the request waiting for that order, if it holds it.
 */
@ApplicationScoped
public class OrderWaiter {

    static final String CHANNEL = "rotender_order_settled";

    private final PgNotifications notifications;
    private final Map<String, CompletableFuture<Boolean>> waiting = new ConcurrentHashMap<>();

    public OrderWaiter(PgNotifications notifications) {
        this.notifications = notifications;
    }

    void start(@Observes StartupEvent event) {
        notifications.listen(CHANNEL, orderId -> {
            CompletableFuture<Boolean> future = waiting.remove(orderId);
            if (future != null) {
                future.complete(true);
            }
        });
    }

    /** Registers interest before the order is committed, so a fast answer is not missed. */
    public CompletableFuture<Boolean> expect(String orderId) {
        return waiting.computeIfAbsent(orderId, id -> new CompletableFuture<>());
    }

    /** Completes with true when settled within {@code bound}, false when the bound passed first. */
    public Uni<Boolean> await(String orderId, CompletableFuture<Boolean> settled, Duration bound) {
        return Uni.createFrom().completionStage(settled)
                .ifNoItem().after(bound).recoverWithItem(false)
                .eventually(() -> waiting.remove(orderId, settled));
    }

    /** Called by the transaction that settles an order: the notification leaves on commit. */
    public static Uni<Void> notifySettled(SqlConnection tx, String orderId) {
        return tx.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CHANNEL, orderId)).replaceWithVoid();
    }
}
