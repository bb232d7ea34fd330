package io.rotender.order.orders;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.rotender.platform.notify.AfterCommit;
import io.rotender.platform.notify.PgNotifications;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a POST wait for its reservation even when another replica consumes the answer. The transaction that settles
 * an order (reserved or rejected) wakes the waiting request once it committed: directly when this replica holds the
 * request, handing it the order as committed (the POST answers it without reading it again), otherwise with
 * {@code NOTIFY rotender_order_settled, '<orderId>'} (delivered on commit; every replica listens and wakes the
 * request if it holds it). No notification is sent for an order whose POST stopped waiting
 * long ago (answered 202), nor for one this replica holds: a notifying commit takes PostgreSQL's cluster-wide
 * notification lock.
 */
@ApplicationScoped
public class OrderWaiter {

    static final String CHANNEL = "rotender_order_settled";

    /**
     * Past its reservation wait plus this, no POST waits for an order. The order's age is read on the database's clock
     * (its {@code created_at} is the inserting transaction's {@code now()}), so no clocks of different machines meet:
     * the margin covers the inserting transaction's own time (a POST starts waiting after its commit). A POST still
     * waiting past it answers 202 at its bound instead of being woken: late, not wrong.
     */
    private static final Duration NOBODY_WAITS_MARGIN = Duration.ofSeconds(1);

    private final PgNotifications notifications;
    private final Map<String, CompletableFuture<Order>> waiting = new ConcurrentHashMap<>();

    public OrderWaiter(PgNotifications notifications, MeterRegistry registry) {
        this.notifications = notifications;
        Gauge.builder("rotender.order.reservation.waiting", waiting, Map::size)
                .description("POSTs of this replica waiting for their order's reservation answer").register(registry);
    }

    /**
     * How a POST's wait ended: {@code answered} when the order settled within the bound; {@code order} is the order as
     * its settling transaction committed it when this replica settled it, null when another replica did or the bound
     * passed (read it).
     */
    public record Wait(boolean answered, Order order) {
    }

    void start(@Observes StartupEvent event) {
        notifications.listen(CHANNEL, orderId -> wake(orderId, null));
    }

    /** Registers interest before the order is committed, so a fast answer is not missed. */
    public CompletableFuture<Order> expect(String orderId) {
        return waiting.computeIfAbsent(orderId, id -> new CompletableFuture<>());
    }

    /** No longer waits for the order (its POST ended); nothing when the order was settled or forgotten already. */
    public void forget(String orderId, CompletableFuture<Order> settled) {
        waiting.remove(orderId, settled);
    }

    /** How the wait for the order's settling ended, at the latest when {@code bound} passed; the caller then forgets it. */
    public Uni<Wait> await(CompletableFuture<Order> settled, Duration bound) {
        return Uni.createFrom().completionStage(settled).map(order -> new Wait(true, order))
                .ifNoItem().after(bound).recoverWithItem(new Wait(false, null));
    }

    /**
     * Called by the transaction that settles the order, after its last change to it: wakes its waiting request once
     * the transaction committed (nothing when it rolls back).
     */
    public Uni<Void> settled(SqlConnection tx, Order order, Duration reservationWait) {
        if (!othersMayWait(tx, order, reservationWait)) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CHANNEL, order.id)).replaceWithVoid();
    }

    /** {@link #settled} for several orders settled in one transaction: one statement notifies those other replicas may hold. */
    public Uni<Void> settledAll(SqlConnection tx, List<Order> orders, Duration reservationWait) {
        List<String> notify = new ArrayList<>();
        for (Order order : orders) {
            if (othersMayWait(tx, order, reservationWait)) {
                notify.add(order.id);
            }
        }
        if (notify.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("SELECT pg_notify($1, id) FROM unnest($2::text[]) AS id")
                .execute(Tuple.tuple().addValue(CHANNEL).addArrayOfString(notify.toArray(String[]::new))).replaceWithVoid();
    }

    /**
     * Whether a POST on another replica may wait for the settled order: false when this replica holds it (woken once
     * {@code tx} committed) or when it is past any POST's wait.
     */
    private boolean othersMayWait(SqlConnection tx, Order order, Duration reservationWait) {
        if (waiting.containsKey(order.id)) {
            AfterCommit.run(tx, () -> wake(order.id, order));
            return false;
        }
        return !nobodyWaits(order, reservationWait);
    }

    /** Whether the order, read by {@link OrderStore#lock}, is past any POST's wait; an order of unknown age may be waited for. */
    private static boolean nobodyWaits(Order order, Duration reservationWait) {
        return order.ageWhenLocked != null && order.ageWhenLocked.compareTo(reservationWait.plus(NOBODY_WAITS_MARGIN)) > 0;
    }

    private void wake(String orderId, Order order) {
        CompletableFuture<Order> future = waiting.remove(orderId);
        if (future != null) {
            future.complete(order);
        }
    }
}
