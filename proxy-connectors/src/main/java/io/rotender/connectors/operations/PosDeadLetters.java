package io.rotender.connectors.operations;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.rotender.connectors.forwarding.ForwardingSender;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Forwards a POS refused ({@code dead}: Restaumatic answered 400 or 401, never retried by itself) or that were
 * abandoned (retried, then withdrawn when their order was cancelled, expired or rejected), and their retry: a dead
 * forward goes back in the sender's queue as it was (same {@code externalOrderId}, same body, so the POS
 * deduplicates); one whose order is no longer confirmed is refused, and says why. Every retry asked for is
 * recorded ({@code forward_retry}: who, when, requeued or refused) and counted
 * ({@code rotender_connector_retries_total{connector, outcome}}).
 */
@ApplicationScoped
public class PosDeadLetters {

    /** Which dead letters: venue, connector, text of the reason, time range of giving up, state; newest first. */
    public record Filter(String venueId, String connector, String reason, OffsetDateTime from, OffsetDateTime to, String state, int limit) {
    }

    /** What a retry did to one forward: requeued, or refused with the reason. */
    public record Retry(String orderId, String externalOrderId, boolean requeued, String refusal, String requestedBy, OffsetDateTime requestedAt) {
    }

    /** The state of a forward that a retry cannot be asked of at all (not a dead letter): 404 or 409 by the resource. */
    public static class NotADeadLetter extends RuntimeException {
        private final String delivery;

        NotADeadLetter(String delivery) {
            super(null, null, false, false);
            this.delivery = delivery;
        }

        public String delivery() {
            return delivery;
        }
    }

    private static final String DEAD_AT = "coalesce(f.dead_at, f.updated_at)";
    private static final String LIST = """
            SELECT f.order_id, f.venue_id, f.pos, f.external_order_id::text AS external_order_id, f.delivery, f.attempts, f.last_error,
                   f.last_answer, f.order_outcome, f.created_at, %1$s AS dead_at, f.updated_at,
                   (SELECT count(*) FROM forward_retry r WHERE r.order_id = f.order_id) AS retries,
                   last.requested_by AS last_retry_by, last.requested_at AS last_retry_at, last.outcome AS last_retry_outcome
            FROM forwarded_order f
            LEFT JOIN LATERAL (SELECT requested_by, requested_at, outcome FROM forward_retry r WHERE r.order_id = f.order_id
                               ORDER BY r.id DESC LIMIT 1) last ON true
            WHERE (f.delivery = 'dead' OR (f.delivery = 'withdrawn' AND f.attempts > 0 AND f.pos = 'restaumatic'))
              AND ($1::text IS NULL OR f.venue_id = $1) AND ($2::text IS NULL OR f.pos = $2)
              AND ($3::text IS NULL OR strpos(lower(coalesce(f.last_error, '') || ' ' || coalesce(f.last_answer, '')), lower($3)) > 0)
              AND ($4::timestamptz IS NULL OR %1$s >= $4) AND ($5::timestamptz IS NULL OR %1$s < $5)
              AND ($6::text IS NULL OR ($6 = 'dead' AND f.delivery = 'dead') OR ($6 = 'abandoned' AND f.delivery = 'withdrawn'))
            ORDER BY %1$s DESC, f.order_id LIMIT $7""".formatted(DEAD_AT);
    private static final String LOCK_ONE = """
            SELECT order_id, pos, external_order_id::text AS external_order_id, delivery, order_outcome FROM forwarded_order
            WHERE order_id = $1 AND venue_id = $2 FOR UPDATE""";
    private static final String LOCK_DEAD = """
            SELECT order_id, pos, external_order_id::text AS external_order_id, delivery, order_outcome FROM forwarded_order f
            WHERE venue_id = $1 AND delivery = 'dead' AND ($2::timestamptz IS NULL OR %1$s >= $2) AND ($3::timestamptz IS NULL OR %1$s < $3)
            ORDER BY %1$s, order_id LIMIT $4 FOR UPDATE""".formatted(DEAD_AT);
    private static final String REQUEUE = """
            UPDATE forwarded_order SET delivery = 'queued', attempts = 0, next_attempt_at = now(), dead_at = NULL, updated_at = now()
            WHERE order_id = ANY($1) AND delivery = 'dead'""";
    private static final String RECORD = """
            INSERT INTO forward_retry (order_id, venue_id, requested_by, outcome, reason)
            SELECT o, $2, $3, CASE WHEN r IS NULL THEN 'requeued' ELSE 'refused' END, r
            FROM unnest($1::text[], $4::text[]) AS t(o, r)
            RETURNING requested_at""";

    private final Pool pool;
    private final ForwardingSender sender;
    private final MeterRegistry metrics;

    public PosDeadLetters(Pool pool, ForwardingSender sender, MeterRegistry metrics) {
        this.pool = pool;
        this.sender = sender;
        this.metrics = metrics;
    }

    public Uni<List<Map<String, Object>>> list(Filter filter) {
        return pool.preparedQuery(LIST).execute(Tuple.tuple().addValue(filter.venueId()).addValue(filter.connector())
                        .addValue(filter.reason()).addValue(filter.from()).addValue(filter.to()).addValue(filter.state())
                        .addValue(filter.limit()))
                .map(rows -> {
                    List<Map<String, Object>> letters = new ArrayList<>();
                    rows.forEach(row -> letters.add(view(row)));
                    return letters;
                });
    }

    /** Retries one forward of the venue; {@link NotADeadLetter} if it is none (null delivery: no such forward). */
    public Uni<Retry> retry(String venueId, String orderId, String operator) {
        return pool.withTransaction(tx -> tx.preparedQuery(LOCK_ONE).execute(Tuple.of(orderId, venueId)).chain(rows -> {
            if (!rows.iterator().hasNext()) {
                throw new NotADeadLetter(null);
            }
            Row row = rows.iterator().next();
            boolean abandoned = "withdrawn".equals(row.getString("delivery")) && row.getString("order_outcome") != null;
            if (!"dead".equals(row.getString("delivery")) && !abandoned) {
                throw new NotADeadLetter(row.getString("delivery"));
            }
            return retry(tx, venueId, List.of(row), operator).map(retries -> retries.get(0));
        })).invoke(this::afterCommit);
    }

    /** Retries every dead forward of the venue given up within [from, to) (either end open), oldest first, at most {@code limit}. */
    public Uni<List<Retry>> retryAll(String venueId, OffsetDateTime from, OffsetDateTime to, int limit, String operator) {
        return pool.withTransaction(tx -> tx.preparedQuery(LOCK_DEAD).execute(Tuple.of(venueId, from, to, limit)).chain(rows -> {
            List<Row> dead = new ArrayList<>();
            rows.forEach(dead::add);
            return dead.isEmpty() ? Uni.createFrom().item(List.<Retry>of()) : retry(tx, venueId, dead, operator);
        })).invoke(retries -> retries.forEach(this::afterCommit));
    }

    private Uni<List<Retry>> retry(SqlConnection tx, String venueId, List<Row> forwards, String operator) {
        String[] orders = new String[forwards.size()];
        String[] refusals = new String[forwards.size()];
        List<String> requeue = new ArrayList<>();
        for (int i = 0; i < forwards.size(); i++) {
            Row row = forwards.get(i);
            orders[i] = row.getString("order_id");
            String outcome = row.getString("order_outcome");
            refusals[i] = outcome == null ? null
                    : "order " + outcome + ": a forward of an order no longer confirmed is not retried (the POS would sell what was refunded)";
            if (refusals[i] == null) {
                requeue.add(orders[i]);
            }
        }
        Uni<?> requeued = requeue.isEmpty() ? Uni.createFrom().voidItem()
                : tx.preparedQuery(REQUEUE).execute(Tuple.of(requeue.toArray(String[]::new)));
        return requeued.chain(() -> tx.preparedQuery(RECORD).execute(Tuple.of(orders, venueId, operator, refusals))).map(recorded -> {
            OffsetDateTime at = recorded.iterator().next().getOffsetDateTime("requested_at");
            List<Retry> retries = new ArrayList<>();
            for (int i = 0; i < forwards.size(); i++) {
                Row row = forwards.get(i);
                retries.add(new Retry(orders[i], row.getString("external_order_id"), refusals[i] == null, refusals[i], operator, at));
                metrics.counter("rotender.connector.retries", "connector", row.getString("pos"),
                        "outcome", refusals[i] == null ? "requeued" : "refused").increment();
            }
            return retries;
        });
    }

    private void afterCommit(Retry retry) {
        if (retry.requeued()) {
            Log.infof("Forward of order %s requeued by %s", retry.orderId(), retry.requestedBy());
            sender.wake();
        } else {
            Log.infof("Forward of order %s not retried (asked by %s): %s", retry.orderId(), retry.requestedBy(), retry.refusal());
        }
    }

    private static Map<String, Object> view(Row row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.getString("order_id"));
        view.put("orderId", row.getString("order_id"));
        view.put("venueId", row.getString("venue_id"));
        view.put("connector", row.getString("pos"));
        view.put("externalOrderId", row.getString("external_order_id"));
        view.put("state", "dead".equals(row.getString("delivery")) ? "dead" : "abandoned");
        view.put("reason", row.getString("last_error"));
        view.put("lastAnswer", row.getString("last_answer"));
        view.put("attempts", row.getInteger("attempts"));
        view.put("orderOutcome", row.getString("order_outcome"));
        view.put("retryable", "dead".equals(row.getString("delivery")) && row.getString("order_outcome") == null);
        view.put("queuedAt", row.getOffsetDateTime("created_at"));
        view.put("deadAt", row.getOffsetDateTime("dead_at"));
        view.put("retries", row.getLong("retries"));
        if (row.getString("last_retry_by") != null) {
            view.put("lastRetry", Map.of("by", row.getString("last_retry_by"), "at", row.getOffsetDateTime("last_retry_at"),
                    "outcome", row.getString("last_retry_outcome")));
        }
        return view;
    }
}
