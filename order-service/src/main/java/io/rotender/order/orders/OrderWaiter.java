package io.rotender.order.orders;

import io.quarkus.runtime.StartupEvent;
import io.rotender.platform.notify.AfterCommit;
import io.rotender.platform.notify.PgNotifications;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a POST wait for its reservation even when another replica consumes the answer. The transaction that settles
 * an order (reserved or rejected) wakes the waiting request once it committed: directly when this replica holds the
 * request, otherwise with {@code NOTIFY rotender_order_settled, '<orderId>'} (delivered on commit; every replica
 * listens and wakes the request if it holds it). No notification is sent for an order whose POST stopped waiting
 * long ago (answered 202), nor for one this replica holds: a notifying commit takes PostgreSQL's cluster-wide
 * notification lock.
 */
@ApplicationScoped
public class OrderWaiter {

    static final String CHANNEL = "rotender_order_settled";

    /** Past its reservation wait plus this (clocks of the database and the replicas differ), no POST waits for an order. */
    private static final Duration NOBODY_WAITS_MARGIN = Duration.ofSeconds(10);

    private final PgNotifications notifications;
    private final Map<String, CompletableFuture<Boolean>> waiting = new ConcurrentHashMap<>();

    public OrderWaiter(PgNotifications notifications) {
        this.notifications = notifications;
    }

    void start(@Observes StartupEvent event) {
        notifications.listen(CHANNEL, this::wake);
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

    /**
     * Called by the transaction that settles an order placed at {@code placedAt}: wakes its waiting request once the
     * transaction committed (nothing when it rolls back).
     */
    public Uni<Void> settled(SqlConnection tx, String orderId, OffsetDateTime placedAt, Duration reservationWait) {
        if (waiting.containsKey(orderId)) {
            AfterCommit.run(tx, () -> wake(orderId));
            return Uni.createFrom().voidItem();
        }
        if (placedAt != null && placedAt.isBefore(OffsetDateTime.now().minus(reservationWait).minus(NOBODY_WAITS_MARGIN))) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CHANNEL, orderId)).replaceWithVoid();
    }

    private void wake(String orderId) {
        CompletableFuture<Boolean> future = waiting.remove(orderId);
        if (future != null) {
            future.complete(true);
        }
    }
}
