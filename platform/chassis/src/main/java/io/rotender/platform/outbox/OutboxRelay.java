package io.rotender.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.opentelemetry.api.trace.Span;
import io.rotender.platform.events.CloudEventHeaders;
import io.rotender.platform.tracing.EventTracing;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Relays committed outbox rows to Kafka, oldest first. A round takes its batch out of the table (deletes it, or marks it
 * sent when sent rows are retained) in a transaction that commits only after the broker acknowledged the whole batch
 * (at-least-once: a failed send or a crash in between rolls the rows back and the batch is sent again, consumers
 * deduplicate on the event id).
 * <p>
 * Rows are spread over {@link OutboxLanes#COUNT} lanes by their record key ({@link OutboxLanes#of}). A round locks the
 * lanes it was asked for with transaction-scoped advisory locks ({@code pg_try_advisory_xact_lock(class, lane)}) and
 * sends their pending rows in id order: one replica relays a lane at a time, so a key's rows reach its topic in the
 * table's order, while replicas relay different lanes side by side (one lock for the whole table made the relay the
 * one serial stage of every service). Every round also holds a shared lock on the key the relays of earlier versions
 * held exclusively, so an old and a new replica never relay at once during a rolling upgrade.
 * <p>
 * A round starts when a commit of this replica wrote rows ({@link Outbox} hands their lanes over once the
 * transaction committed: no database round trip wakes it), when a notification arrives (writers on a Hibernate
 * session, and replicas of earlier versions, still notify), a second after a round failed, when the previous round
 * sent a full batch, or when the poll interval passes (every lane: the safety net that relays any replica's rows, e.g.
 * those of a replica that died between its commit and its round; every other way in announces itself, so the poll can
 * be seconds apart). A lane another replica is relaying is tried again 25 ms later, since that replica may have read
 * its batch before our commit. Each record goes out in a
 * producer span, child of the trace context its row was written in, and carries that span's {@code traceparent}
 * header ({@link EventTracing}).
 */
@ApplicationScoped
public class OutboxRelay {

    static final String CHANNEL = "outbox-relay";
    /** The key the relays before lanes held exclusively; every round now holds it shared. */
    private static final long LEGACY_LOCK_KEY = 0x526f74656e646572L; // "Rotender"
    /** The first half of each lane's two-part advisory lock key. */
    static final int LANE_LOCK_CLASS = 0x526f7465; // "Rote"
    /**
     * The lanes of this round that no other replica holds: each one's transaction-scoped advisory lock, once the legacy key
     * is held shared ({@code $2} the lanes asked for, {@code $3} the lane lock class, {@code $4} the legacy key).
     */
    private static final String LOCKED = """
            SELECT CASE WHEN pg_try_advisory_xact_lock_shared($4)
                        THEN (SELECT COALESCE(array_agg(lane), '{}') FROM unnest($2::int[]) AS lane
                              WHERE pg_try_advisory_xact_lock($3, lane))
                        ELSE '{}' END AS lanes""";
    private static final String COLUMNS = """
            id, event_id, topic, msg_key, type, source, aggregate_id, occurred_at, partner_id, traceparent, payload::text AS payload""";
    /** The pending rows of the locked lanes, oldest first, at most {@code $1}: a relay round's batch. */
    private static final String BATCH = """
            SELECT id FROM outbox_event, locked WHERE sent_at IS NULL AND lane = ANY(locked.lanes) ORDER BY id LIMIT $1""";
    /**
     * A round in one statement: locks its lanes ({@link #LOCKED}), then takes their batch out of the outbox with the
     * given data-modifying CTEs, inside the round's transaction, which commits only once Kafka acknowledged every record
     * of it (a failed send rolls the rows back into the outbox). The first column is the lanes locked, on every row, and
     * on a row of its own (the others null) when the batch is empty. The statement's snapshot is taken before the locks:
     * a row that the lane's previous holder took and committed meanwhile is still in the batch's read, and PostgreSQL
     * skips it when the delete (or the update, whose own condition rechecks {@code sent_at IS NULL}) finds it already
     * taken, so it is not sent twice.
     */
    private static String round(String taking, String taken) {
        return """
                WITH locked AS MATERIALIZED (%s),
                     batch AS (%s),
                     %s
                SELECT locked.lanes AS locked, taken.* FROM locked LEFT JOIN %s taken ON true"""
                .formatted(LOCKED, BATCH, taking, taken);
    }

    /**
     * Without retention (the default) the round deletes its rows: that only marks each row version dead, where marking
     * it sent wrote a new version of the whole row, its JSON payload included, and three index entries.
     */
    private static final String TAKE_BATCH = round(
            "deleted AS (DELETE FROM outbox_event WHERE id IN (SELECT id FROM batch) RETURNING %s)".formatted(COLUMNS),
            "deleted");
    /** As {@link #TAKE_BATCH} with a retention: rows are marked sent and kept, except those never to be kept. */
    private static final String TAKE_BATCH_RETAINING = round("""
            forgotten AS (DELETE FROM outbox_event WHERE id IN (SELECT id FROM batch) AND NOT retain RETURNING %s),
            kept AS (UPDATE outbox_event SET sent_at = now() WHERE id IN (SELECT id FROM batch) AND retain
                     AND sent_at IS NULL RETURNING %s)""".formatted(COLUMNS, COLUMNS),
            "(SELECT * FROM forgotten UNION ALL SELECT * FROM kept)");
    private static final String PENDING = """
            SELECT count(*) AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0) AS oldest
            FROM outbox_event WHERE sent_at IS NULL""";
    private static final String CLEANUP = "DELETE FROM outbox_event WHERE sent_at < now() - make_interval(secs => $1)";
    private static final long RETRY_LOCKED_LANES_MILLIS = 25;
    /** A failed round (database or broker unreachable) is tried again this much later, not at the next poll. */
    private static final long RETRY_FAILED_ROUND_MILLIS = 1000;

    private final Pool pool;
    private final Vertx vertx;
    private final Emitter<String> emitter;
    private final OutboxConfig config;
    private final OutboxWakeUp wakeUp;
    private final EventTracing tracing;
    private final Counter published;
    private final Counter rounds;
    /** {@link #TAKE_BATCH}, or {@link #TAKE_BATCH_RETAINING} when sent rows are kept. */
    private final String takeBatch;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingSeconds = new AtomicLong();

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();
    /** The lanes asked for since the last round started, one bit each. */
    private final AtomicInteger wanted = new AtomicInteger();
    private long pollTimer = -1;
    private long cleanupTimer = -1;

    public OutboxRelay(Pool pool, Vertx vertx, @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            Emitter<String> emitter, OutboxConfig config, OutboxWakeUp wakeUp, EventTracing tracing,
                       MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.emitter = emitter;
        this.config = config;
        this.wakeUp = wakeUp;
        this.tracing = tracing;
        this.takeBatch = config.retention().isZero() ? TAKE_BATCH : TAKE_BATCH_RETAINING;
        this.published = Counter.builder("rotender.outbox.published").description("Outbox events acknowledged by Kafka")
                .register(registry);
        this.rounds = Counter.builder("rotender.outbox.rounds")
                .description("Relay rounds run (each a transaction; published / rounds is the rows a round sends)").register(registry);
        registry.gauge("rotender.outbox.pending", pending);
        registry.gauge("rotender.outbox.oldest.pending.seconds", oldestPendingSeconds);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.relayEnabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts relaying (idempotent). */
    public synchronized void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        wakeUp.listen(this::trigger);
        pollTimer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> {
            trigger();
            refreshPendingGauges();
        });
        cleanupTimer = vertx.setPeriodic(config.cleanupInterval().toMillis(), id -> cleanup());
        trigger();
        Log.infof("Outbox relay started (poll every %s, batches of %d, %d lanes)", config.pollInterval(), config.batchSize(),
                OutboxLanes.COUNT);
    }

    /** Stops relaying; rows written meanwhile stay in the table until a relay runs again. */
    public synchronized void stop() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        wakeUp.stop();
        vertx.cancelTimer(pollTimer);
        vertx.cancelTimer(cleanupTimer);
        Log.info("Outbox relay stopped");
    }

    public boolean isRunning() {
        return running.get();
    }

    /** Asks for a relay round over every lane; rounds never overlap within this instance. */
    public void trigger() {
        trigger(OutboxLanes.ALL);
    }

    /** Asks for a relay round over these lanes (one bit each, {@link OutboxLanes#bit}). */
    void trigger(int lanes) {
        if (!running.get() || lanes == 0) {
            return;
        }
        wanted.getAndUpdate(w -> w | lanes);
        if (draining.compareAndSet(false, true)) {
            // on the next turn of the event loop: a commit hands over each row it wrote (an order's POST two: its event
            // and its ReserveStock), one after the other, and all of them go in the one round this starts, where starting
            // at the first hand-off made a second round that found its row already sent
            vertx.runOnContext(this::drain);
        }
    }

    private void drain() {
        int lanes = wanted.getAndSet(0);
        if (lanes == 0 || !running.get()) {
            draining.set(false);
            // lanes asked for between the read above and the release: take them now rather than at the next poll
            if (wanted.get() != 0 && running.get() && draining.compareAndSet(false, true)) {
                drain();
            }
            return;
        }
        relayOneBatch(lanes).subscribe().with(round -> {
            if (round.lockedElsewhere() != 0) {
                int retry = round.lockedElsewhere();
                vertx.setTimer(RETRY_LOCKED_LANES_MILLIS, id -> trigger(retry));
            }
            if (round.full()) {
                wanted.getAndUpdate(w -> w | round.relayed());
            }
            drain();
        }, failure -> {
            draining.set(false);
            Log.warnf("Outbox relay round failed, retrying in %d ms: %s", RETRY_FAILED_ROUND_MILLIS, failure.getMessage());
            vertx.setTimer(RETRY_FAILED_ROUND_MILLIS, id -> trigger(lanes));
        });
    }

    /** What one round did: the lanes it relayed, those another replica held, whether it sent a full batch. */
    record Round(int relayed, int lockedElsewhere, boolean full) {
    }

    Uni<Round> relayOneBatch(int lanes) {
        rounds.increment();
        return pool.withTransaction(conn -> conn.preparedQuery(takeBatch)
                .execute(Tuple.of(config.batchSize(), OutboxLanes.numbers(lanes), LANE_LOCK_CLASS, LEGACY_LOCK_KEY))
                .chain(rows -> {
                    int locked = OutboxLanes.bits(rows.iterator().next().getArrayOfIntegers("locked"));
                    List<Row> batch = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        if (row.getLong("id") != null) { // the lanes' row of an empty batch
                            batch.add(row);
                        }
                    }
                    return sendBatch(batch).map(full -> new Round(locked, lanes & ~locked, full));
                }));
    }

    /**
     * Sends a round's batch in id order; the round's transaction commits once Kafka acknowledged it all. True when the
     * batch was full.
     */
    private Uni<Boolean> sendBatch(List<Row> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        batch.sort(Comparator.comparingLong(row -> row.getLong("id"))); // RETURNING keeps no order
        List<CompletableFuture<Void>> acks = new ArrayList<>(batch.size());
        for (Row row : batch) {
            acks.add(send(row));
        }
        return Uni.createFrom().completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)))
                .ifNoItem().after(config.sendTimeout()).failWith(() -> new IllegalStateException(
                        "Kafka did not acknowledge " + batch.size() + " outbox events within " + config.sendTimeout()))
                .invoke(() -> published.increment(batch.size()))
                .replaceWith(batch.size() >= config.batchSize());
    }

    private CompletableFuture<Void> send(Row row) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        var headers = CloudEventHeaders.of(row.getUUID("event_id"), row.getString("type"), row.getString("source"),
                row.getOffsetDateTime("occurred_at").toInstant(), row.getString("aggregate_id"), row.getString("partner_id"));
        Span span = tracing.publishing(row.getString("traceparent"), row.getString("topic"), row.getUUID("event_id").toString(),
                row.getString("type"), row.getString("aggregate_id"), headers);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(row.getString("msg_key"))
                .withHeaders(headers)
                .build();
        Message<String> message = Message.of(row.getString("payload"), Metadata.of(metadata),
                () -> {
                    span.end();
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    EventTracing.end(span, failure);
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        return acked;
    }

    private void refreshPendingGauges() {
        pool.query(PENDING).execute().subscribe().with(rows -> {
            Row row = rows.iterator().next();
            pending.set(row.getLong("pending"));
            oldestPendingSeconds.set(row.getNumeric("oldest").longValue());
        }, failure -> Log.debugf("Could not read the outbox backlog: %s", failure.getMessage()));
    }

    private void cleanup() {
        pool.preparedQuery(CLEANUP).execute(Tuple.of((double) config.retention().toSeconds()))
                .subscribe().with(rows -> Log.debugf("Deleted %d sent outbox rows", rows.rowCount()),
                        failure -> Log.warnf("Outbox cleanup failed: %s", failure.getMessage()));
    }
}
