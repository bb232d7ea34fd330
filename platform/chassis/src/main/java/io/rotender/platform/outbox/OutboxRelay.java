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
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Relays committed outbox rows to Kafka, oldest first, and marks them sent only after the broker
 * acknowledged the whole batch (at-least-once: a crash in between resends the batch, consumers deduplicate
 * on the event id). Several replicas may run it: a round holds a transaction-scoped advisory lock, so one
 * replica relays at a time and the per-key order of the table is the order on the topic.
 * <p>
 * A round starts when a commit that wrote rows notifies (see {@link Outbox}), when the poll interval
 * passes, or when the previous round sent a full batch. Each record goes out in a producer span, child of the trace
 * context its row was written in, and carries that span's {@code traceparent} header ({@link EventTracing}).
 */
@ApplicationScoped
public class OutboxRelay {

    static final String CHANNEL = "outbox-relay";
    private static final long LOCK_KEY = 0x526f74656e646572L; // "Rotender"
    private static final String LOCK = "SELECT pg_try_advisory_xact_lock($1) AS locked";
    private static final String NEXT_BATCH = """
            SELECT id, event_id, topic, msg_key, type, source, aggregate_id, occurred_at, partner_id, traceparent,
                   payload::text AS payload
            FROM outbox_event WHERE sent_at IS NULL ORDER BY id LIMIT $1""";
    private static final String MARK_SENT = """
            WITH forgotten AS (DELETE FROM outbox_event WHERE id = ANY($1) AND NOT retain)
            UPDATE outbox_event SET sent_at = now() WHERE id = ANY($1) AND retain""";
    private static final String PENDING = """
            SELECT count(*) AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0) AS oldest
            FROM outbox_event WHERE sent_at IS NULL""";
    private static final String CLEANUP = "DELETE FROM outbox_event WHERE sent_at < now() - make_interval(secs => $1)";

    private final Pool pool;
    private final Vertx vertx;
    private final Emitter<String> emitter;
    private final OutboxConfig config;
    private final OutboxWakeUp wakeUp;
    private final EventTracing tracing;
    private final Counter published;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingSeconds = new AtomicLong();

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean again;
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
        this.published = Counter.builder("rotender.outbox.published").description("Outbox events acknowledged by Kafka")
                .register(registry);
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
        Log.infof("Outbox relay started (poll every %s, batches of %d)", config.pollInterval(), config.batchSize());
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

    /** Asks for a relay round; rounds never overlap within this instance. */
    public void trigger() {
        if (!running.get()) {
            return;
        }
        again = true;
        if (draining.compareAndSet(false, true)) {
            drain();
        }
    }

    private void drain() {
        again = false;
        relayOneBatch().subscribe().with(outcome -> {
            if (running.get() && (outcome == Outcome.FULL_BATCH || again)) {
                drain();
            } else {
                draining.set(false);
                if (outcome == Outcome.LOCKED_ELSEWHERE) {
                    // another replica is relaying and may have read its batch before our commit: look again soon
                    vertx.setTimer(25, id -> trigger());
                } else if (again) {
                    trigger();
                }
            }
        }, failure -> {
            draining.set(false);
            Log.warnf("Outbox relay round failed, retrying at the next poll: %s", failure.getMessage());
        });
    }

    enum Outcome { LOCKED_ELSEWHERE, PARTIAL_BATCH, FULL_BATCH }

    Uni<Outcome> relayOneBatch() {
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(LOCK_KEY))
                .chain(rows -> rows.iterator().next().getBoolean("locked")
                        ? sendBatch(conn)
                        : Uni.createFrom().item(Outcome.LOCKED_ELSEWHERE)));
    }

    private Uni<Outcome> sendBatch(SqlConnection conn) {
        return conn.preparedQuery(NEXT_BATCH).execute(Tuple.of(config.batchSize())).chain(rows -> {
            List<Long> ids = new ArrayList<>();
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (Row row : rows) {
                ids.add(row.getLong("id"));
                acks.add(send(row));
            }
            if (ids.isEmpty()) {
                return Uni.createFrom().item(Outcome.PARTIAL_BATCH);
            }
            Outcome outcome = ids.size() >= config.batchSize() ? Outcome.FULL_BATCH : Outcome.PARTIAL_BATCH;
            return Uni.createFrom().completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)))
                    .ifNoItem().after(config.sendTimeout()).failWith(() -> new IllegalStateException(
                            "Kafka did not acknowledge " + ids.size() + " outbox events within " + config.sendTimeout()))
                    .chain(() -> conn.preparedQuery(MARK_SENT).execute(Tuple.of(ids.toArray(Long[]::new))))
                    .invoke(() -> published.increment(ids.size()))
                    .replaceWith(outcome);
        });
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
