package io.rotender.menu.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Webhook messages, their deliveries and attempts in PostgreSQL. A message is written once per event and partner;
 * each endpoint that wants it gets one delivery (a redelivered event adds nothing); a replay adds a delivery of the
 * same message, so it carries the same {@code webhook-id}.
 */
@ApplicationScoped
public class WebhookDeliveries {

    /** An endpoint that wants a message (a disabled one gets none, but its partner's messages are kept for a replay). */
    public record Subscriber(String endpointId, String partnerId, Set<String> events, boolean enabled) {
    }

    /** A delivery leased for sending. */
    /**
     * A leased delivery with what sending it needs: the message's body, the endpoint's URL and its signing secrets as
     * sealed at rest (the previous one while its overlap lasts), read by the lease itself.
     */
    public record Due(long id, String endpointId, String messageId, int attempts, OffsetDateTime createdAt, OffsetDateTime occurredAt,
                      String body, String url, String secretSealed, String previousSecretSealed) {
    }

    /** One attempt as the delivery log shows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attempt(@JsonProperty("delivery_id") long deliveryId, @JsonProperty("message_id") String messageId, String type,
                          @JsonProperty("attempted_at") OffsetDateTime attemptedAt, @JsonProperty("http_status") Integer httpStatus,
                          @JsonProperty("latency_ms") int latencyMs, String outcome, String error, String response) {
    }

    private static final String MESSAGE = """
            INSERT INTO webhook_message (id, partner_id, type, subject, body, occurred_at) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (id) DO NOTHING""";
    private static final String DELIVERIES = """
            INSERT INTO webhook_delivery (endpoint_id, message_id, subject) SELECT e, $2, $3 FROM unnest($1::text[]) AS e
            ON CONFLICT (endpoint_id, message_id) WHERE NOT replay DO NOTHING""";
    private static final String LEASE = """
            UPDATE webhook_delivery SET next_attempt_at = now() + interval '60 seconds', attempts = attempts + 1
            FROM webhook_message m, webhook_endpoint e
            WHERE m.id = webhook_delivery.message_id AND e.id = webhook_delivery.endpoint_id AND webhook_delivery.id IN (
                SELECT d.id FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
                WHERE d.state = 'pending' AND d.next_attempt_at <= now() AND e.enabled AND NOT (d.endpoint_id = ANY($2))
                  AND NOT EXISTS (SELECT 1 FROM webhook_delivery p WHERE p.endpoint_id = d.endpoint_id AND p.subject = d.subject
                                  AND p.state = 'pending' AND p.id < d.id)
                ORDER BY d.next_attempt_at LIMIT $1 FOR UPDATE OF d SKIP LOCKED)
            RETURNING webhook_delivery.id, endpoint_id, message_id, attempts, webhook_delivery.created_at, m.occurred_at, m.body, e.url, e.secret_sealed,
                      CASE WHEN e.previous_secret_until > now() THEN e.previous_secret_sealed END AS previous_secret_sealed""";

    private final Pool pool;

    public WebhookDeliveries(Pool pool) {
        this.pool = pool;
    }

    /** The endpoints of {@code partnerId} that want {@code type}. */
    public Uni<List<Subscriber>> subscribers(SqlClient sql, String partnerId, String type) {
        return sql.preparedQuery("SELECT id, partner_id, event_types, enabled FROM webhook_endpoint WHERE partner_id = $1")
                .execute(Tuple.of(partnerId)).map(rows -> wanting(rows, type));
    }

    /** The endpoints of partners allowed at {@code venueId} that want {@code type}. */
    public Uni<List<Subscriber>> venueSubscribers(SqlClient sql, String venueId, String type) {
        return sql.preparedQuery("""
                        SELECT e.id, e.partner_id, e.event_types, e.enabled FROM webhook_endpoint e
                        JOIN partner_access p ON p.partner_id = e.partner_id WHERE $1 = ANY(p.venues)""")
                .execute(Tuple.of(venueId)).map(rows -> wanting(rows, type));
    }

    private static List<Subscriber> wanting(io.vertx.mutiny.sqlclient.RowSet<Row> rows, String type) {
        List<Subscriber> wanting = new ArrayList<>();
        for (Row r : rows) {
            Set<String> events = Set.copyOf(Arrays.asList(r.getArrayOfStrings("event_types")));
            if (WebhookTypes.wants(events, type)) {
                wanting.add(new Subscriber(r.getString("id"), r.getString("partner_id"), events, r.getBoolean("enabled")));
            }
        }
        return wanting;
    }

    /** Stores the message (once) and a delivery to each endpoint (once), on the caller's transaction. */
    public Uni<Void> enqueue(SqlClient sql, String messageId, String partnerId, String type, String subject, Instant occurredAt,
                             String body, List<String> endpointIds) {
        return sql.preparedQuery(MESSAGE).execute(Tuple.tuple().addValue(messageId).addValue(partnerId).addValue(type).addValue(subject)
                        .addValue(body).addValue(OffsetDateTime.ofInstant(occurredAt, ZoneOffset.UTC)))
                .chain(() -> sql.preparedQuery(DELIVERIES).execute(Tuple.of(endpointIds.toArray(String[]::new), messageId, subject)))
                .replaceWithVoid();
    }

    /** Leases up to {@code room} due deliveries (60 s), each the oldest pending one of its endpoint and subject. */
    public Uni<List<Due>> lease(int room, Set<String> busyEndpoints) {
        return pool.preparedQuery(LEASE).execute(Tuple.of(room, busyEndpoints.toArray(String[]::new))).map(rows -> {
            List<Due> due = new ArrayList<>();
            rows.forEach(r -> due.add(new Due(r.getLong("id"), r.getString("endpoint_id"), r.getString("message_id"),
                    r.getInteger("attempts"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("occurred_at"), r.getString("body"),
                    r.getString("url"), r.getString("secret_sealed"), r.getString("previous_secret_sealed"))));
            return due;
        });
    }

    /** Gives a lease back untried (this replica has no room for its endpoint after all). */
    public Uni<Void> release(long deliveryId) {
        return pool.preparedQuery("UPDATE webhook_delivery SET next_attempt_at = now(), attempts = attempts - 1 WHERE id = $1")
                .execute(Tuple.of(deliveryId)).replaceWithVoid();
    }

    /** The endpoint's newest attempts, newest first. */
    public Uni<List<Attempt>> log(String endpointId, int limit) {
        return pool.preparedQuery("""
                        SELECT a.delivery_id, a.message_id, m.type, a.attempted_at, a.http_status, a.latency_ms, a.outcome, a.error, a.response
                        FROM webhook_attempt a JOIN webhook_message m ON m.id = a.message_id
                        WHERE a.endpoint_id = $1 ORDER BY a.id DESC LIMIT $2""")
                .execute(Tuple.of(endpointId, limit)).map(rows -> {
                    List<Attempt> log = new ArrayList<>();
                    rows.forEach(r -> log.add(new Attempt(r.getLong("delivery_id"), r.getString("message_id"), r.getString("type"),
                            r.getOffsetDateTime("attempted_at"), r.getInteger("http_status"), r.getInteger("latency_ms"),
                            r.getString("outcome"), r.getString("error"), r.getString("response"))));
                    return log;
                });
    }

    /**
     * Delivers again, as new deliveries of the same messages (the same {@code webhook-id}), the partner's messages the
     * endpoint wants: one by id, or those that occurred within [from, to). Returns how many were queued.
     */
    public Uni<Integer> replay(String partnerId, String endpointId, String messageId, OffsetDateTime from, OffsetDateTime to) {
        return pool.preparedQuery("""
                        INSERT INTO webhook_delivery (endpoint_id, message_id, subject, replay)
                        SELECT e.id, m.id, m.subject, true FROM webhook_message m JOIN webhook_endpoint e ON e.partner_id = m.partner_id
                        WHERE e.id = $2 AND m.partner_id = $1 AND (cardinality(e.event_types) = 0 OR m.type = ANY(e.event_types))
                          AND ($3::text IS NULL OR m.id = $3) AND ($4::timestamptz IS NULL OR m.occurred_at >= $4)
                          AND ($5::timestamptz IS NULL OR m.occurred_at < $5)
                        ORDER BY m.occurred_at, m.id LIMIT 10000""")
                .execute(Tuple.tuple().addValue(partnerId).addValue(endpointId).addValue(messageId).addValue(from).addValue(to))
                .map(io.vertx.mutiny.sqlclient.SqlResult::rowCount);
    }
}
