package io.rotender.connectors.forwarding;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rotender.connectors.restaumatic.RestaumaticClient;
import io.rotender.connectors.settings.SecretBox;
import io.rotender.connectors.settings.SecretResealer;
import io.rotender.contracts.orders.OrderCommands;
import io.rotender.platform.outbox.Outbox;
import io.rotender.platform.scheduling.PeriodicTask;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.time.Duration;

/**
 * Delivers queued orders to Restaumatic, at least once: a row is leased (so replicas never send it twice at
 * the same time), sent outside any transaction, then marked by the answer. Up to 32 sends are under way at
 * once, each through its venue's circuit breaker and bulkhead ({@link RestaumaticClient}), so a venue whose POS
 * is down or slow never holds up another's. 200: delivered, and
 * {@code MarkForwarded} goes to order-service. 400 or 401: never retried, dead-lettered with the reason and
 * counted ({@code rotender_connector_errors_total}). 5xx, timeout, open circuit: retried with exponential
 * backoff (1 s doubling, at most 5 min) until it passes. The body and its ids never change between tries.
 */
@ApplicationScoped
public class ForwardingSender {

    private static final String LEASE = """
            UPDATE forwarded_order SET next_attempt_at = now() + interval '60 seconds', attempts = attempts + 1, updated_at = now()
            WHERE order_id IN (SELECT order_id FROM forwarded_order WHERE pos = 'restaumatic' AND delivery = 'queued' AND next_attempt_at <= now()
                               ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING order_id, venue_id, body::text AS body, attempts""";
    /** Forwards under way at once in this replica; each venue's own bulkhead limits its share. */
    private static final int IN_FLIGHT = 32;

    private final Pool pool;
    private final Vertx vertx;
    private final RestaumaticClient restaumatic;
    private final SecretBox box;
    private final Outbox outbox;
    private final MeterRegistry metrics;
    private final ObjectMapper mapper;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final Duration pollInterval;
    private PeriodicTask task;

    /**
     * @param pollInterval how often due rows are looked for when nothing woke the sender: a committed forward wakes it
     *                     ({@link #wake}), a retry wakes it at its due time in the replica that scheduled it, so this only
     *                     catches what no replica announced (leases of a replica that died, forwards queued by a replica
     *                     that stopped)
     */
    public ForwardingSender(Pool pool, Vertx vertx, RestaumaticClient restaumatic, SecretBox box, Outbox outbox,
                            MeterRegistry metrics, ObjectMapper mapper,
                            @ConfigProperty(name = "rotender.connectors.forwarding-poll-interval", defaultValue = "5s") Duration pollInterval) {
        this.pollInterval = pollInterval;
        this.pool = pool;
        this.vertx = vertx;
        this.restaumatic = restaumatic;
        this.box = box;
        this.outbox = outbox;
        this.metrics = metrics;
        this.mapper = mapper;
    }

    void start(@Observes StartupEvent event) {
        task = PeriodicTask.every(vertx, pollInterval, "Forwarding to the POS", this::sendDue);
    }

    void stop(@Observes ShutdownEvent event) {
        if (task != null) {
            task.stop();
        }
    }

    /** Sends whatever is due now; rounds never overlap within this instance. */
    public void wake() {
        if (task != null) {
            task.runNow();
        }
    }

    /**
     * Leases what is due, as much as there is room for, and starts each send without waiting for it: a slow
     * venue's forwards hold their own slots, never the round. Each finished send wakes the next round.
     */
    private Uni<Void> sendDue() {
        int room = IN_FLIGHT - inFlight.get();
        if (room <= 0) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(LEASE).execute(Tuple.of(room)).chain(rows -> {
            for (Row row : rows) {
                inFlight.incrementAndGet();
                sendOne(row.getString("order_id"), row.getString("venue_id"), row.getString("body"), row.getInteger("attempts"))
                        .onTermination().invoke(() -> {
                            inFlight.decrementAndGet();
                            wake();
                        })
                        .subscribe().with(ok -> { }, failure -> Log.errorf("Forward of order %s not recorded (retried after its lease): %s",
                                row.getString("order_id"), failure.getMessage()));
            }
            return rows.rowCount() == room ? sendDue() : Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> sendOne(String orderId, String venueId, String body, int attempts) {
        return pool.preparedQuery("SELECT restaumatic_base_url, restaumatic_api_token_enc FROM pos_settings WHERE venue_id = $1")
                .execute(Tuple.of(venueId)).chain(settings -> {
                    Row s = settings.iterator().next();
                    return Uni.createFrom().deferred(() -> {
                                try {
                                    return restaumatic.orderPlaced(venueId, s.getString("restaumatic_base_url"),
                                            box.open(venueId, SecretResealer.FIELD, s.getString("restaumatic_api_token_enc")), mapper.readTree(body));
                                } catch (Exception e) {
                                    return Uni.createFrom().failure(e);
                                }
                            })
                            .chain(answer -> answer.status() == 200 ? delivered(orderId, venueId) : deadLetter(orderId, venueId, answer))
                            .onFailure().recoverWithUni(failure -> retryLater(orderId, venueId, attempts, failure));
                });
    }

    private Uni<Void> delivered(String orderId, String venueId) {
        metrics.counter("rotender.connector.forwarded", "connector", "restaumatic").increment();
        return pool.withTransaction(tx -> tx.preparedQuery(
                        "UPDATE forwarded_order SET delivery = 'delivered', last_error = NULL, updated_at = now() WHERE order_id = $1")
                .execute(Tuple.of(orderId))
                .chain(() -> status(tx, venueId, null))
                .chain(() -> outbox.publish(tx, OrderCommands.MARK_FORWARDED, orderId,
                        new OrderCommands.PosAnswer(orderId, null, "restaumatic", null, null, null)))
                .replaceWithVoid());
    }

    private Uni<Void> deadLetter(String orderId, String venueId, RestaumaticClient.Answer answer) {
        int status = answer.status();
        String reason = "Restaumatic answered " + status + (status == 401 ? " (check the venue's API token)" : " (body refused)");
        metrics.counter("rotender.connector.errors", "connector", "restaumatic", "reason", String.valueOf(status)).increment();
        Log.errorf("Order %s of venue %s dead-lettered: %s", orderId, venueId, reason);
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        UPDATE forwarded_order SET delivery = 'dead', last_error = $2, last_answer = $3, dead_at = now(), updated_at = now()
                        WHERE order_id = $1""")
                .execute(Tuple.of(orderId, reason, answer.summary())).chain(() -> status(tx, venueId, reason)));
    }

    private Uni<Void> retryLater(String orderId, String venueId, int attempts, Throwable failure) {
        long delaySeconds = Math.min(300, 1L << Math.min(attempts - 1, 9));
        String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        metrics.counter("rotender.connector.errors", "connector", "restaumatic", "reason", "retry").increment();
        Log.warnf("Order %s to Restaumatic failed (attempt %d), retrying in %d s: %s", orderId, attempts, delaySeconds, reason);
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        UPDATE forwarded_order SET next_attempt_at = now() + make_interval(secs => $2), last_error = $3, last_answer = $3,
                            updated_at = now()
                        WHERE order_id = $1""").execute(Tuple.of(orderId, (double) delaySeconds, reason))
                .chain(() -> status(tx, venueId, reason)))
                .invoke(() -> task.runAfter(Duration.ofSeconds(delaySeconds)));
    }

    private static Uni<Void> status(io.vertx.mutiny.sqlclient.SqlConnection tx, String venueId, String error) {
        String sql = error == null
                ? "INSERT INTO connector_status (venue_id, last_success) VALUES ($1, now()) ON CONFLICT (venue_id) DO UPDATE SET last_success = now()"
                : "INSERT INTO connector_status (venue_id, last_error, last_error_at) VALUES ($1, $2, now()) "
                        + "ON CONFLICT (venue_id) DO UPDATE SET last_error = EXCLUDED.last_error, last_error_at = now()";
        return (error == null ? tx.preparedQuery(sql).execute(Tuple.of(venueId)) : tx.preparedQuery(sql).execute(Tuple.of(venueId, error)))
                .replaceWithVoid();
    }
}
