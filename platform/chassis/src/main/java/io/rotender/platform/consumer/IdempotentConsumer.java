package io.rotender.platform.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.rotender.platform.events.CloudEventHeaders;
import io.rotender.platform.events.EventEnvelope;
import io.rotender.platform.json.JsonSettings;
import io.rotender.platform.tracing.EventTracing;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Applies each event id once per consumer. The event id is recorded in {@code processed_event} in the same
 * transaction as the effect, so a redelivered event (at-least-once delivery, a rebalance, a replayed
 * topic) changes nothing, and a failed effect leaves no record behind.
 * <p>
 * Failures: an unreadable message is a {@link PoisonMessageException} and is not retried; a transient one
 * (database unreachable, deadlock) is retried with backoff until it passes, so nothing is lost while the
 * database is away; any other is retried a few times. What still fails is returned as a failure, which the
 * channel's {@code dead-letter-queue} strategy sends to {@code <topic>.dlq} with the reason.
 * <p>
 * A record is applied in a consumer span that continues the trace of its {@code traceparent} header ({@link EventTracing}),
 * so the events its effect writes to the outbox carry the same trace on.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final Duration[] AGE_BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private static final String RECORD_SQL_CLIENT = """
            INSERT INTO processed_event (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING""";

    private final ObjectMapper mapper;
    private final ConsumerConfig config;
    private final MeterRegistry registry;
    private final Pool pool;
    private final EventTracing tracing;
    private final Counter skipped;
    private final Map<String, Timer> ages = new ConcurrentHashMap<>();

    public IdempotentConsumer(ObjectMapper mapper, ConsumerConfig config, MeterRegistry registry, Pool pool, EventTracing tracing) {
        this.mapper = mapper;
        this.tracing = tracing;
        this.config = config;
        this.registry = registry;
        this.pool = pool;
        this.skipped = Counter.builder("rotender.events.skipped")
                .description("Records acknowledged unparsed: their ce_type header names a type the consumer ignores").register(registry);
    }

    /**
     * Reads the envelope, then applies {@code effect} once for its event id, in one transaction on a connection of
     * the reactive pool: {@code effect} gets the transaction's connection (use it for the outbox too,
     * {@code Outbox.publish(connection, ...)}). Services consume through an {@link EventRouter}, which is built on this.
     */
    public Uni<Void> consumeWithConnection(String consumer, String payload,
                                           BiFunction<EventEnvelope, SqlConnection, Uni<Void>> effect) {
        return consumeWithConnection(consumer, payload, event -> true, effect);
    }

    /**
     * As {@link #consumeWithConnection(String, String, BiFunction)} for a consumer that acts on some event
     * types only: an event {@code relevant} refuses is acknowledged without a transaction (applying it twice
     * would change nothing either, so there is nothing to record), which spares the database a round of
     * BEGIN, INSERT and COMMIT per event the consumer ignores.
     */
    public Uni<Void> consumeWithConnection(String consumer, String payload, Predicate<EventEnvelope> relevant,
                                           BiFunction<EventEnvelope, SqlConnection, Uni<Void>> effect) {
        return consumeChecked(consumer, payload, relevant, null, effect);
    }

    /**
     * As {@link #consumeWithConnection(String, String, Predicate, BiFunction)}, then, for an event {@code relevant} takes,
     * a check (when not null) that may read the database
     * (outside the transaction, on the pool) before deciding: an event it answers false for is acknowledged with that
     * one read instead of a transaction's BEGIN, INSERT, the handler's reads and COMMIT. Asked again if the transaction
     * is retried.
     */
    Uni<Void> consumeChecked(String consumer, String payload, Predicate<EventEnvelope> relevant,
                             Function<EventEnvelope, Uni<Boolean>> check, BiFunction<EventEnvelope, SqlConnection, Uni<Void>> effect) {
        return parsed(consumer, payload, event -> {
            if (!relevant.test(event)) {
                return Uni.createFrom().item("ignored");
            }
            if (check == null) {
                return applyOnce(consumer, event, effect);
            }
            return check.apply(event).chain(wanted -> wanted ? applyOnce(consumer, event, effect) : Uni.createFrom().item("ignored"));
        });
    }

    /** Records {@code event}'s id and applies {@code effect} in one transaction, unless the id was recorded before. */
    private Uni<String> applyOnce(String consumer, EventEnvelope event, BiFunction<EventEnvelope, SqlConnection, Uni<Void>> effect) {
        return pool.withTransaction(conn -> conn.preparedQuery(RECORD_SQL_CLIENT)
                .execute(Tuple.of(consumer, event.eventId()))
                .chain(rows -> applyIfFirst(consumer, event, rows.rowCount() == 1, () -> effect.apply(event, conn))));
    }

    /**
     * As {@link #consumeWithConnection(String, String, Predicate, BiFunction)} for a consumer that acts on the event
     * types in {@code types} only, reading the Kafka record itself: a record whose {@code ce_type} header names
     * another type is acknowledged without even being parsed (most of what a consumer of a shared topic reads is
     * for someone else, and parsing the whole envelope was the largest single cost of such a consumer). A record
     * without the header is parsed and filtered on its envelope's type, as before.
     */
    public Uni<Void> consumeWithConnection(String consumer, ConsumerRecord<String, String> record, Set<String> types,
                                           BiFunction<EventEnvelope, SqlConnection, Uni<Void>> effect) {
        return consumeWithConnection(consumer, record, types, event -> true, effect);
    }

    /**
     * As {@link #consumeWithConnection(String, ConsumerRecord, Set, BiFunction)}, also acknowledging without a transaction
     * an event of a handled type that {@code wanted} refuses (one that would change nothing here).
     */
    public Uni<Void> consumeWithConnection(String consumer, ConsumerRecord<String, String> record, Set<String> types,
                                           Predicate<EventEnvelope> wanted, BiFunction<EventEnvelope, SqlConnection, Uni<Void>> effect) {
        return consumeChecked(consumer, record, types, wanted, null, effect);
    }

    /**
     * As {@link #consumeWithConnection(String, ConsumerRecord, Set, Predicate, BiFunction)}, then, for an event
     * {@code wanted} takes, asking {@code check} (when not null) as {@link #consumeChecked(String, String, Predicate, Function, BiFunction)} does.
     */
    Uni<Void> consumeChecked(String consumer, ConsumerRecord<String, String> record, Set<String> types, Predicate<EventEnvelope> wanted,
                             Function<EventEnvelope, Uni<Boolean>> check, BiFunction<EventEnvelope, SqlConnection, Uni<Void>> effect) {
        if (skipsByHeader(record.headers(), types)) {
            return Uni.createFrom().voidItem();
        }
        return tracing.consuming(consumer, record.topic(), record.headers(), CloudEventHeaders.type(record.headers()),
                () -> consumeChecked(consumer, record.value(), event -> types.contains(event.type()) && wanted.test(event), check, effect));
    }

    private Uni<String> applyIfFirst(String consumer, EventEnvelope event, boolean first, Supplier<Uni<Void>> effect) {
        if (!first) {
            Log.debugf("%s: event %s already applied, skipped", consumer, event.eventId());
            return Uni.createFrom().item("duplicate");
        }
        return effect.get().replaceWith("applied");
    }

    private Uni<Void> parsed(String consumer, String payload, Function<EventEnvelope, Uni<String>> transaction) {
        EventEnvelope event;
        try {
            event = parse(payload);
        } catch (PoisonMessageException e) {
            registry.counter("rotender.events.consumed", "consumer", consumer, "outcome", "poison").increment();
            return Uni.createFrom().failure(e);
        }
        age(consumer, event);
        return retried(consumer, event, transaction);
    }

    /**
     * Applies an event already read from a record of a polled batch ({@link EventRouter#route(io.smallrye.reactive.messaging.kafka.KafkaRecordBatch)})
     * alone, as {@link #consumeChecked(String, ConsumerRecord, Set, Predicate, Function, BiFunction)} applies one record: in
     * a consumer span continuing the record's trace, once for its event id, with the same retries.
     */
    Uni<Void> consumeRead(String consumer, String topic, Headers headers, EventEnvelope event,
                          BiFunction<EventEnvelope, SqlConnection, Uni<Void>> effect) {
        return tracing.consuming(consumer, topic, headers, event.type(), () -> retried(consumer, event, e -> applyOnce(consumer, e, effect)));
    }

    /**
     * Runs {@code work}, which applies records of {@code topic} together ({@link EventRouter}'s bulk path), in one consumer
     * span linked to each record's trace ({@link EventTracing#consumingTogether}).
     */
    <T> Uni<T> consumeTogether(String consumer, String topic, List<Headers> headers, String eventType, Supplier<Uni<T>> work) {
        return tracing.consumingTogether(consumer, topic, headers, eventType, work);
    }

    private Uni<Void> retried(String consumer, EventEnvelope event, Function<EventEnvelope, Uni<String>> transaction) {
        logContext(consumer, event);
        return Uni.createFrom().deferred(() -> transaction.apply(event))
                .onFailure(TransientFailures::isTransient).retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff()).indefinitely()
                .onFailure(failure -> !(failure instanceof PoisonMessageException)).retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff()).atMost(config.maxRetries())
                .invoke(outcome -> registry.counter("rotender.events.consumed", "consumer", consumer, "outcome", outcome).increment())
                .onFailure().invoke(failure -> {
                    registry.counter("rotender.events.consumed", "consumer", consumer, "outcome", "dead-lettered").increment();
                    Log.errorf("%s: event %s (%s) dead-lettered: %s", consumer, event.eventId(), event.type(), failure.getMessage());
                })
                .replaceWithVoid();
    }

    /** The envelope of {@code payload}; a {@link PoisonMessageException} saying why it is none. */
    EventEnvelope parse(String payload) {
        if (payload == null || payload.isBlank()) {
            throw new PoisonMessageException("empty message");
        }
        EventEnvelope event;
        try {
            event = JsonSettings.lenient(mapper, EventEnvelope.class).readValue(payload);
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("not a Rotender event envelope: " + e.getOriginalMessage(), e);
        }
        if (event.eventId() == null || event.type() == null || event.type().isBlank()) {
            throw new PoisonMessageException("event envelope without eventId or type");
        }
        return event;
    }

    ConsumerConfig config() {
        return config;
    }

    Pool pool() {
        return pool;
    }

    /** Whether a record's {@code ce_type} header names a type not in {@code types}: if so it is counted as skipped. */
    boolean skipsByHeader(Headers headers, Set<String> types) {
        String type = CloudEventHeaders.type(headers);
        if (type != null && !types.contains(type)) {
            skipped.increment();
            return true;
        }
        return false;
    }

    /**
     * Names the event in every log line written while it is applied (each record is handled on a context of its own, so
     * the fields go with it): the consumer, the event's id and type, and its aggregate (the order id of an order's events).
     */
    static void logContext(String consumer, EventEnvelope event) {
        MDC.put("consumer", consumer);
        MDC.put("eventId", String.valueOf(event.eventId()));
        MDC.put("eventType", event.type());
        if (event.aggregateId() != null) {
            MDC.put("aggregateId", event.aggregateId());
        }
    }

    /**
     * Records how old {@code event} is as {@code consumer} reads it: now minus its {@code time} ({@code ce_time}, set when
     * the producer wrote it in its transaction), so outbox relay, broker and consumer lag all show, per consumer
     * ({@code rotender_events_age_seconds}, a histogram with buckets from 5 ms to 60 s).
     */
    void age(String consumer, EventEnvelope event) {
        if (event.time() == null) {
            return;
        }
        Duration age = Duration.between(event.time(), Instant.now());
        ages.computeIfAbsent(consumer, name -> Timer.builder("rotender.events.age")
                .description("How old an event is when its consumer reads it (now minus its ce_time)")
                .tag("consumer", name)
                .serviceLevelObjectives(AGE_BUCKETS)
                .minimumExpectedValue(AGE_BUCKETS[0]).maximumExpectedValue(AGE_BUCKETS[AGE_BUCKETS.length - 1])
                .register(registry))
                .record(age.isNegative() ? Duration.ZERO : age);
    }

    /**
     * Counts events applied together, several in one transaction ({@link EventRouter.Builder#together}), as
     * {@code rotender_events_together_total}: they are counted as {@code applied} too.
     */
    void countTogether(String consumer, int n) {
        if (n > 0) {
            Counter.builder("rotender.events.together").description("Events applied together, several in one transaction, by a bulk handler")
                    .tag("consumer", consumer).register(registry).increment(n);
        }
    }

    /** Counts one outcome ({@code applied}, {@code duplicate}, {@code ignored}, {@code poison}, {@code dead-lettered}). */
    void count(String consumer, String outcome, int n) {
        if (n > 0) {
            registry.counter("rotender.events.consumed", "consumer", consumer, "outcome", outcome).increment(n);
        }
    }
}
