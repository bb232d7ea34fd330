package io.rotender.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.rotender.contracts.MessageType;
import io.rotender.contracts.PartnerScoped;
import io.rotender.platform.events.EventEnvelope;
import io.rotender.platform.notify.AfterCommit;
import io.rotender.platform.tracing.EventTracing;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes events into the outbox table inside the caller's current transaction, so an event exists exactly when the
 * state change that caused it was committed. Each row is in the lane of its record key ({@link OutboxLanes}).
 * <p>
 * On a reactive SQL connection (the services' path) the lane is handed to this replica's {@link OutboxRelay} once
 * the transaction committed, so the relay sends the row right away without the commit sending a {@code NOTIFY}
 * (PostgreSQL serializes the commits of notifying transactions on one cluster-wide lock). In a Hibernate session
 * (rare administrative writes) the statement still queues {@code NOTIFY}, delivered on commit, which wakes the relays.
 * The relays' poll picks up anything else. Each row keeps the trace context it was written in
 * ({@link EventTracing#traceparent()}), which the relay sends on with the record.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = """
            WITH inserted AS (
                INSERT INTO outbox_event (event_id, topic, msg_key, type, source, aggregate_id, occurred_at, payload, partner_id,
                                          traceparent, lane)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CAST(CAST(?8 AS text) AS jsonb), ?10, ?11, ?12)
                RETURNING id)
            SELECT pg_notify(?9, '') FROM inserted""";

    private final ObjectMapper mapper;
    private final OutboxConfig config;
    private final String source;
    private final EventTracing tracing;
    private final OutboxRelay relay;

    public Outbox(ObjectMapper mapper, OutboxConfig config, @ConfigProperty(name = "quarkus.application.name") String source,
                  EventTracing tracing, OutboxRelay relay) {
        this.mapper = mapper;
        this.config = config;
        this.source = source;
        this.tracing = tracing;
        this.relay = relay;
    }

    /** The service name that stands in every event's {@code source}. */
    public String source() {
        return source;
    }

    private static final String INSERT_SQL_CLIENT = """
            INSERT INTO outbox_event (event_id, topic, msg_key, type, source, aggregate_id, occurred_at, payload, retain,
                                      partner_id, traceparent, lane)
            VALUES ($1, $2, $3, $4, $5, $6, $7, CAST($8 AS text)::jsonb, $9, $10, $11, $12)""";

    /**
     * Writes a message of the contracts ({@code type} names its topic and type name) with record key {@code key}, in
     * the transaction of {@code transaction}; its aggregate id is the key.
     */
    public <T> Uni<EventEnvelope> publish(SqlConnection transaction, MessageType<T> type, String key, T data) {
        return publish(transaction, type.topic(), key, type.name(), key, data, true);
    }

    /** As {@link #publish(SqlConnection, MessageType, String, Object)}, with an aggregate id other than the key. */
    public <T> Uni<EventEnvelope> publish(SqlConnection transaction, MessageType<T> type, String key, String aggregateId, T data) {
        return publish(transaction, type.topic(), key, type.name(), aggregateId, data, true);
    }

    /** As {@link #publish(SqlConnection, MessageType, String, Object)}, for a message the relay deletes once Kafka has it. */
    public <T> Uni<EventEnvelope> publishUnretained(SqlConnection transaction, MessageType<T> type, String key, T data) {
        return publish(transaction, type.topic(), key, type.name(), key, data, false);
    }

    /**
     * Same as {@link #publish(String, String, String, String, Object)} for code that runs its transaction on
     * a reactive SQL connection ({@code pool.withTransaction}) rather than a Hibernate session.
     */
    public Uni<EventEnvelope> publish(SqlConnection transaction, String topic, String key, String type, String aggregateId,
                                      Object data) {
        return publish(transaction, topic, key, type, aggregateId, data, true);
    }

    /**
     * Like {@link #publish(SqlConnection, String, String, String, String, Object)}, for an event that must
     * not be kept once delivered ({@code retain} false: the relay deletes its row after Kafka's ack).
     */
    public Uni<EventEnvelope> publish(SqlConnection transaction, String topic, String key, String type, String aggregateId,
                                      Object data, boolean retain) {
        if (!allowed(topic)) {
            return Uni.createFrom().failure(notAllowed(topic));
        }
        EventEnvelope event = EventEnvelope.of(type, source, aggregateId, data, mapper);
        String payload;
        try {
            payload = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("Event cannot be written as JSON: " + e.getMessage(), e));
        }
        int lane = OutboxLanes.of(key);
        return transaction.preparedQuery(INSERT_SQL_CLIENT)
                .execute(Tuple.tuple().addValue(event.eventId()).addValue(topic).addValue(key).addValue(event.type())
                        .addValue(event.source()).addValue(event.aggregateId())
                        .addValue(OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC)).addValue(payload)
                        .addValue(retain).addValue(partner(data)).addValue(tracing.traceparent()).addValue((short) lane))
                .invoke(() -> AfterCommit.run(transaction, () -> relay.trigger(OutboxLanes.bit(lane))))
                .replaceWith(event);
    }

    private static final String INSERT_ALL = """
            INSERT INTO outbox_event (event_id, topic, msg_key, type, source, aggregate_id, occurred_at, payload, retain,
                                      partner_id, traceparent, lane)
            SELECT e, $2, k, $3, $4, k, t, CAST(p AS jsonb), true, pa, $5, l
            FROM unnest($1::uuid[], $6::text[], $7::timestamptz[], $8::text[], $9::text[], $10::smallint[]) AS v(e, k, t, p, pa, l)""";

    /** A message and its record key (also its aggregate id), for {@link #publishAll}. */
    public record Keyed<T>(String key, T data) {
    }

    /**
     * Writes messages of one type of the contracts in one statement, in the transaction of {@code transaction}: each as
     * {@link #publish(SqlConnection, MessageType, String, Object)} writes one (its key also its aggregate id).
     */
    public <T> Uni<List<EventEnvelope>> publishAll(SqlConnection transaction, MessageType<T> type, List<Keyed<T>> messages) {
        if (!allowed(type.topic())) {
            return Uni.createFrom().failure(notAllowed(type.topic()));
        }
        int n = messages.size();
        List<EventEnvelope> events = new ArrayList<>(n);
        UUID[] ids = new UUID[n];
        String[] keys = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        String[] payloads = new String[n];
        String[] partners = new String[n];
        Short[] lanes = new Short[n];
        int bits = 0;
        for (int i = 0; i < n; i++) {
            Keyed<T> message = messages.get(i);
            EventEnvelope event = EventEnvelope.of(type.name(), source, message.key(), message.data(), mapper);
            try {
                payloads[i] = mapper.writeValueAsString(event);
            } catch (JsonProcessingException e) {
                return Uni.createFrom().failure(new IllegalArgumentException("Event cannot be written as JSON: " + e.getMessage(), e));
            }
            events.add(event);
            ids[i] = event.eventId();
            keys[i] = message.key();
            times[i] = OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC);
            partners[i] = partner(message.data());
            int lane = OutboxLanes.of(message.key());
            lanes[i] = (short) lane;
            bits |= OutboxLanes.bit(lane);
        }
        if (n == 0) {
            return Uni.createFrom().item(events);
        }
        int wake = bits;
        return transaction.preparedQuery(INSERT_ALL)
                .execute(Tuple.tuple().addValue(ids).addValue(type.topic()).addValue(type.name()).addValue(source)
                        .addValue(tracing.traceparent()).addValue(keys).addValue(times).addValue(payloads).addValue(partners)
                        .addValue(lanes))
                .invoke(() -> AfterCommit.run(transaction, () -> relay.trigger(wake)))
                .replaceWith(events);
    }

    /**
     * Writes a message of the contracts with record key {@code key} (also its aggregate id) in the current Hibernate
     * Reactive transaction; see {@link #publish(String, String, EventEnvelope, String)}.
     */
    public <T> Uni<EventEnvelope> publish(MessageType<T> type, String key, T data) {
        return publish(type.topic(), key, type.name(), key, data);
    }

    /** Builds an envelope for {@code data} and writes it; see {@link #publish(String, String, EventEnvelope, String)}. */
    public Uni<EventEnvelope> publish(String topic, String key, String type, String aggregateId, Object data) {
        EventEnvelope event = EventEnvelope.of(type, source, aggregateId, data, mapper);
        return publish(topic, key, event, partner(data)).replaceWith(event);
    }

    /**
     * Writes the event for {@code topic} with record key {@code key}, naming {@code partnerId} (may be null). Must run
     * inside a transaction ({@code Panache.withTransaction} or {@code @WithTransaction}); fails otherwise, since an event
     * written outside the state change's transaction would break the outbox's promise.
     */
    private Uni<Void> publish(String topic, String key, EventEnvelope event, String partnerId) {
        if (!allowed(topic)) {
            return Uni.createFrom().failure(notAllowed(topic));
        }
        String payload;
        try {
            payload = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("Event cannot be written as JSON: " + e.getMessage(), e));
        }
        return Panache.getSession().chain(session -> {
            if (session.currentTransaction() == null) {
                return Uni.createFrom().failure(new IllegalStateException(
                        "Outbox.publish needs a transaction: call it inside Panache.withTransaction"));
            }
            return session.createNativeQuery(INSERT)
                    .setParameter(1, event.eventId())
                    .setParameter(2, topic)
                    .setParameter(3, key)
                    .setParameter(4, event.type())
                    .setParameter(5, event.source())
                    .setParameter(6, event.aggregateId())
                    .setParameter(7, OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC))
                    .setParameter(8, payload)
                    .setParameter(9, config.notifyChannel())
                    .setParameter(10, partnerId)
                    .setParameter(11, tracing.traceparent())
                    .setParameter(12, (short) OutboxLanes.of(key))
                    .getResultList()
                    .replaceWithVoid();
        });
    }

    /** The partner a message is about ({@link PartnerScoped}), sent as its {@code ce_partnerid} header. */
    private static String partner(Object data) {
        return data instanceof PartnerScoped scoped ? scoped.partnerId() : null;
    }

    private boolean allowed(String topic) {
        return config.topics().map(topics -> topics.contains(topic)).orElse(true);
    }

    private IllegalArgumentException notAllowed(String topic) {
        return new IllegalArgumentException(source + " does not publish to " + topic
                + ": add it to rotender.outbox.topics (and to the service's KafkaUser ACLs)");
    }
}
