package io.rotender.platform.consumer;

import io.quarkus.logging.Log;
import io.rotender.contracts.MessageType;
import io.rotender.platform.events.CloudEventHeaders;
import io.rotender.platform.events.EventEnvelope;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One consumer's handlers, one per message type of the contracts: a record is routed to the handler of its type
 * with its data read into the type's record, inside one transaction that also records its event id (so it is
 * applied once). A record of a type without a handler is acknowledged unparsed (by its {@code ce_type} header);
 * data that does not fit its record is a poison message, dead-lettered by the channel with the consumer's name in
 * its reason ({@link DeadLettered}). Build one with
 * {@link EventRouters#named(String)}.
 */
public final class EventRouter {

    /** What a consumer does with one message of a type, in the transaction that records it as applied. */
    @FunctionalInterface
    public interface Handler<T> {
        Uni<Void> apply(SqlConnection tx, T data, EventEnvelope event);
    }

    /** A handler that needs only the message's data. */
    @FunctionalInterface
    public interface DataHandler<T> {
        Uni<Void> apply(SqlConnection tx, T data);
    }

    /** What applies a polled batch's messages of one type together, in one transaction ({@link Builder#together}). */
    @FunctionalInterface
    public interface BulkHandler<T> {
        /**
         * Reads, outside any transaction, what it needs to choose which of {@code data} (messages of a batch, each of its
         * own key, in their order) it applies together; those it does not take go to the type's own handler, each alone
         * in its own transaction after the plan's, as if they had come in a batch of their own.
         */
        Uni<BulkPlan<T>> plan(List<T> data);
    }

    /** What a {@link BulkHandler} takes of a batch, and how it applies them in one transaction. */
    public interface BulkPlan<T> {
        /** The messages it takes, the same instances it was given; none: nothing is applied together. */
        List<T> taken();

        /** Applies {@code fresh} (those of {@link #taken} not applied before) in {@code tx}, every one of them. */
        Uni<Void> apply(SqlConnection tx, List<T> fresh);

        /** A plan that takes {@code taken} and applies them with {@code apply}. */
        static <T> BulkPlan<T> of(List<T> taken, BiFunction<SqlConnection, List<T>, Uni<Void>> apply) {
            return new BulkPlan<>() {
                @Override
                public List<T> taken() {
                    return taken;
                }

                @Override
                public Uni<Void> apply(SqlConnection tx, List<T> fresh) {
                    return apply.apply(tx, fresh);
                }
            };
        }
    }

    private record Together<T>(MessageType<T> type, BulkHandler<T> handler) {
        @SuppressWarnings("unchecked")
        Uni<BulkPlan<Object>> plan(List<Object> data) {
            return handler.plan((List<T>) data).map(plan -> (BulkPlan<Object>) plan);
        }
    }

    private record Route<T>(MessageType<T> type, Handler<T> handler) {
        Uni<Void> apply(SqlConnection tx, EventEnvelope event, EventRouters routers) {
            return handler.apply(tx, routers.read(event, type), event);
        }

        Uni<Void> applyRead(SqlConnection tx, Object data, EventEnvelope event) {
            return handler.apply(tx, type.data().cast(data), event);
        }
    }

    /** A record of a batch, read: its envelope, its route and its data. */
    private record Read(KafkaRecord<String, String> record, EventEnvelope event, Route<?> route, Object data) {
        Uni<Void> apply(SqlConnection tx) {
            return route.applyRead(tx, data, event);
        }
    }

    private static final String RECORD_ALL = """
            INSERT INTO processed_event (consumer, event_id) SELECT $1, id FROM unnest($2::uuid[]) AS id
            ON CONFLICT DO NOTHING RETURNING event_id""";

    private final String consumer;
    private final String topic;
    private final EventRouters routers;
    private final Map<String, Route<?>> routes;
    private final Set<String> types;
    private final Runnable afterCommit;
    private final Predicate<EventEnvelope> wanted;
    private final Function<EventEnvelope, Uni<Boolean>> check;
    private final Predicate<String> partnerWanted;
    private final Together<?> together;

    private EventRouter(String consumer, String topic, EventRouters routers, Map<String, Route<?>> routes, Runnable afterCommit,
                        Predicate<EventEnvelope> wanted, Function<EventEnvelope, Uni<Boolean>> check, Predicate<String> partnerWanted,
                        Together<?> together) {
        this.consumer = consumer;
        this.topic = topic;
        this.routers = routers;
        this.routes = Map.copyOf(routes);
        this.types = Set.copyOf(routes.keySet());
        this.afterCommit = afterCommit;
        this.wanted = wanted;
        this.check = check;
        this.partnerWanted = partnerWanted;
        this.together = together;
    }

    /** The consumer's name: what {@code processed_event}, the metrics and its dead letters' reasons call it. */
    public String consumer() {
        return consumer;
    }

    /** The topic this router reads (every message type it handles is of that topic). */
    public String topic() {
        return topic;
    }

    /** Whether the record names a partner ({@code ce_partnerid}) this consumer does not serve: passed over unread. */
    private boolean otherPartners(Headers headers) {
        if (partnerWanted == null) {
            return false;
        }
        String partner = CloudEventHeaders.partnerId(headers);
        return partner != null && !partnerWanted.test(partner);
    }

    /** Applies one Kafka record once (see the class comment). */
    public Uni<Void> route(ConsumerRecord<String, String> record) {
        if (otherPartners(record.headers())) {
            routers.idempotent().count(consumer, "ignored", 1);
            return Uni.createFrom().voidItem();
        }
        if (afterCommit == null) {
            return routers.idempotent().consumeChecked(consumer, record, types, wanted, check, this::dispatch)
                    .onFailure().transform(failure -> DeadLettered.by(consumer, failure));
        }
        AtomicBoolean applied = new AtomicBoolean();
        return routers.idempotent().consumeChecked(consumer, record, types, wanted, check,
                        (event, tx) -> dispatch(event, tx).invoke(() -> applied.set(true)))
                .invoke(() -> {
                    if (applied.get()) {
                        committed();
                    }
                })
                .onFailure().transform(failure -> DeadLettered.by(consumer, failure));
    }

    /**
     * Applies a polled batch of records (a channel with {@code batch=true}) in one transaction: the records this
     * router handles, in their order (so per key), their event ids recorded in one statement and each applied once.
     * A record of a type without a handler is acknowledged unparsed, as by {@link #route(ConsumerRecord)}; one that
     * cannot be read is nacked alone (the channel's dead-letter queue takes it) and the rest of the batch goes on.
     * A transient failure (the database away) retries the batch until it passes; any other failure of the batch's
     * transaction applies its records one by one instead, each with the retries of {@link #route(ConsumerRecord)},
     * so that only the record that fails alone is dead-lettered. The batch is acknowledged once all that is done.
     * <p>
     * A router with a {@link Builder#together bulk handler} applies a batch otherwise: of its messages of that type, each of a
     * key no other record of the batch has (when there are at least two), the bulk handler's plan chooses, from reads outside
     * any transaction, those it applies together in one transaction; everything else is then applied one by one, each in
     * its own transaction as {@link #route(ConsumerRecord)} would, in the batch's order.
     */
    public Uni<Void> route(KafkaRecordBatch<String, String> batch) {
        return applyPolled(batch.getRecords(), this::nack).chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    /** How a record given up is dead-lettered: the channel's nack, with the reason the router gives. */
    @FunctionalInterface
    interface DeadLetters {
        Uni<Void> nack(KafkaRecord<String, String> record, Throwable reason);
    }

    /** Whether this router applies some messages of a batch together ({@link Builder#together}). */
    boolean appliesTogether() {
        return together != null;
    }

    /**
     * Applies records of one poll as {@link #route(KafkaRecordBatch)} does, without acknowledging them: the caller
     * acknowledges the poll; a record given up goes to {@code deadLetters}.
     */
    Uni<Void> applyPolled(List<KafkaRecord<String, String>> records, DeadLetters deadLetters) {
        IdempotentConsumer idempotent = routers.idempotent();
        List<Read> reads = new ArrayList<>();
        List<Map.Entry<KafkaRecord<String, String>, Throwable>> unreadable = new ArrayList<>();
        int ignored = 0;
        for (KafkaRecord<String, String> record : records) {
            if (idempotent.skipsByHeader(record.getHeaders(), types)) {
                continue;
            }
            if (otherPartners(record.getHeaders())) {
                ignored++;
                continue;
            }
            try {
                EventEnvelope event = idempotent.parse(record.getPayload());
                idempotent.age(consumer, event);
                Route<?> route = routes.get(event.type());
                if (route == null || !wanted.test(event)) {
                    ignored++;
                    continue;
                }
                reads.add(new Read(record, event, route, routers.read(event, route.type())));
            } catch (PoisonMessageException e) {
                unreadable.add(Map.entry(record, e));
            }
        }
        idempotent.count(consumer, "poison", unreadable.size());
        int passedOver = ignored;
        return checked(reads).chain(taken -> {
            idempotent.count(consumer, "ignored", passedOver + reads.size() - taken.size());
            return together == null ? applyBatch(idempotent, taken, deadLetters) : applyTogether(idempotent, taken, deadLetters);
        }).chain(() -> deadLetter(unreadable, deadLetters));
    }

    /**
     * The reads {@link Builder#onlyWhen}'s check takes, in their order (all of them without a check); a check that fails
     * for a transient reason is asked again, one that fails otherwise takes the read.
     */
    private Uni<List<Read>> checked(List<Read> reads) {
        if (check == null || reads.isEmpty()) {
            return Uni.createFrom().item(reads);
        }
        ConsumerConfig config = routers.idempotent().config();
        List<Read> taken = new ArrayList<>(reads.size());
        return Multi.createFrom().iterable(reads)
                .onItem().transformToUniAndConcatenate(r -> Uni.createFrom().deferred(() -> check.apply(r.event()))
                        .onFailure(TransientFailures::isTransient).retry()
                        .withBackOff(config.initialBackoff(), config.maxBackoff()).indefinitely()
                        .onFailure().recoverWithItem(true) // the handler decides in its transaction
                        .invoke(wanted -> {
                    if (wanted) {
                        taken.add(r);
                    }
                }))
                .collect().last().replaceWith(taken);
    }

    private Uni<Void> applyBatch(IdempotentConsumer idempotent, List<Read> reads, DeadLetters deadLetters) {
        ConsumerConfig config = idempotent.config();
        Uni<Void> applied = reads.isEmpty() ? Uni.createFrom().voidItem() : Uni.createFrom().deferred(() -> applyAll(idempotent, reads))
                .onFailure(TransientFailures::isTransient).retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff()).indefinitely()
                .onFailure().recoverWithUni(failure -> {
                    Log.warnf(failure, "%s: a batch of %d events failed together; applying them one by one", consumer, reads.size());
                    return oneByOne(reads, deadLetters);
                });
        return applied;
    }

    private Uni<Void> applyAll(IdempotentConsumer idempotent, List<Read> reads) {
        UUID[] ids = reads.stream().map(r -> r.event().eventId()).toArray(UUID[]::new);
        return idempotent.pool().withTransaction(tx -> tx.preparedQuery(RECORD_ALL).execute(Tuple.of(consumer, ids)).chain(rows -> {
            Set<UUID> fresh = new HashSet<>();
            rows.forEach(row -> fresh.add(row.getUUID("event_id")));
            List<Read> first = reads.stream().filter(r -> fresh.remove(r.event().eventId())).toList();
            idempotent.count(consumer, "duplicate", reads.size() - first.size());
            return Multi.createFrom().iterable(first).onItem().transformToUniAndConcatenate(r -> r.apply(tx))
                    .collect().last().replaceWith(first.size());
        })).invoke(n -> {
            idempotent.count(consumer, "applied", n);
            if (n > 0) {
                committed();
            }
        }).replaceWithVoid();
    }

    private Uni<Void> applyTogether(IdempotentConsumer idempotent, List<Read> reads, DeadLetters deadLetters) {
        Map<String, Integer> perKey = new HashMap<>();
        reads.forEach(r -> perKey.merge(String.valueOf(r.record().getKey()), 1, Integer::sum));
        List<Read> candidates = reads.stream()
                .filter(r -> r.route().type().name().equals(together.type().name()) && perKey.get(String.valueOf(r.record().getKey())) == 1)
                .toList();
        Uni<List<Read>> left = candidates.size() < 2 ? Uni.createFrom().item(candidates) : together(idempotent, candidates);
        return left.chain(leftOver -> {
            Set<Read> alone = Collections.newSetFromMap(new IdentityHashMap<>());
            alone.addAll(reads);
            alone.removeAll(candidates);
            alone.addAll(leftOver);
            return oneByOne(reads.stream().filter(alone::contains).toList(), deadLetters);
        });
    }

    /** Once a poll's records are applied, its unreadable records are dead-lettered. */
    private Uni<Void> deadLetter(List<Map.Entry<KafkaRecord<String, String>, Throwable>> unreadable, DeadLetters deadLetters) {
        return Multi.createFrom().iterable(unreadable)
                .onItem().transformToUniAndConcatenate(u -> deadLetters.nack(u.getKey(), DeadLettered.by(consumer, u.getValue())))
                .collect().last().replaceWithVoid();
    }

    /**
     * Applies what the bulk handler's plan takes of {@code candidates} together (the plan and its transaction retried while
     * the database is away) and returns the rest, to be applied alone; all of them when that fails otherwise.
     */
    private Uni<List<Read>> together(IdempotentConsumer idempotent, List<Read> candidates) {
        ConsumerConfig config = idempotent.config();
        return Uni.createFrom().deferred(() -> togetherOnce(idempotent, candidates))
                .onFailure(TransientFailures::isTransient).retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff()).indefinitely()
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf(failure, "%s: %d events failed together; applying them one by one", consumer, candidates.size());
                    return candidates;
                });
    }

    private Uni<List<Read>> togetherOnce(IdempotentConsumer idempotent, List<Read> candidates) {
        return together.plan(candidates.stream().map(Read::data).toList()).chain(plan -> {
            Set<Object> takenData = Collections.newSetFromMap(new IdentityHashMap<>());
            takenData.addAll(plan.taken());
            List<Read> taken = candidates.stream().filter(r -> takenData.contains(r.data())).toList();
            List<Read> left = candidates.stream().filter(r -> !takenData.contains(r.data())).toList();
            if (taken.isEmpty()) {
                return Uni.createFrom().item(left);
            }
            UUID[] ids = taken.stream().map(r -> r.event().eventId()).toArray(UUID[]::new);
            List<Headers> headers = taken.stream().map(r -> r.record().getHeaders()).toList();
            return idempotent.consumeTogether(consumer, topic, headers, together.type().name(), () -> idempotent.pool().withTransaction(tx ->
                    tx.preparedQuery(RECORD_ALL).execute(Tuple.of(consumer, ids)).chain(rows -> {
                        Set<UUID> fresh = new HashSet<>();
                        rows.forEach(row -> fresh.add(row.getUUID("event_id")));
                        List<Object> first = taken.stream().filter(r -> fresh.contains(r.event().eventId())).map(Read::data).toList();
                        idempotent.count(consumer, "duplicate", taken.size() - first.size());
                        return first.isEmpty() ? Uni.createFrom().item(0) : plan.apply(tx, first).replaceWith(first.size());
                    }))).invoke(applied -> {
                idempotent.count(consumer, "applied", applied);
                idempotent.countTogether(consumer, applied);
                if (applied > 0) {
                    committed();
                }
            }).replaceWith(left);
        });
    }

    /** Applies each read alone, in its own transaction (its span, its retries); one that still fails is dead-lettered. */
    private Uni<Void> oneByOne(List<Read> reads, DeadLetters deadLetters) {
        if (reads.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(reads).onItem().transformToUniAndConcatenate(r -> routers.idempotent()
                        .consumeRead(consumer, r.record().getTopic(), r.record().getHeaders(), r.event(), (event, tx) -> r.apply(tx))
                        .invoke(this::committed)
                        .onFailure().recoverWithUni(failure -> deadLetters.nack(r.record(), DeadLettered.by(consumer, failure))))
                .collect().last().replaceWithVoid();
    }

    private void committed() {
        if (afterCommit != null) {
            afterCommit.run();
        }
    }

    private Uni<Void> nack(KafkaRecord<String, String> record, Throwable reason) {
        return Uni.createFrom().completionStage(record.nack(reason));
    }

    private Uni<Void> dispatch(EventEnvelope event, SqlConnection tx) {
        return routes.get(event.type()).apply(tx, event, routers);
    }

    /** Collects a consumer's handlers. */
    public static final class Builder {

        private final String consumer;
        private final EventRouters routers;
        private final Map<String, Route<?>> routes = new LinkedHashMap<>();
        private String topic;
        private Runnable afterCommit;
        private Predicate<EventEnvelope> wanted = event -> true;
        private Function<EventEnvelope, Uni<Boolean>> check;
        private Predicate<String> partnerWanted;
        private Together<?> together;

        Builder(String consumer, EventRouters routers) {
            this.consumer = consumer;
            this.routers = routers;
        }

        /** Handles messages of {@code type}; a router reads one topic, and a type has one handler. */
        public <T> Builder on(MessageType<T> type, Handler<T> handler) {
            if (topic != null && !topic.equals(type.topic())) {
                throw new IllegalArgumentException(consumer + " reads " + topic + ", not " + type);
            }
            if (routes.putIfAbsent(type.name(), new Route<>(type, handler)) != null) {
                throw new IllegalArgumentException(consumer + " has two handlers for " + type);
            }
            topic = type.topic();
            return this;
        }

        /** Handles messages of {@code type} with a handler that needs only their data. */
        public <T> Builder on(MessageType<T> type, DataHandler<T> handler) {
            return on(type, (Handler<T>) (tx, data, event) -> handler.apply(tx, data));
        }

        /** Runs {@code action} after each transaction that applied at least one message (a wake-up, never a state change). */
        public Builder afterCommit(Runnable action) {
            this.afterCommit = action;
            return this;
        }

        /**
         * Acknowledges without a transaction every event {@code wanted} refuses, before its data is read: for a consumer
         * that can tell from the envelope alone that an event changes nothing here (no one subscribed to it).
         */
        public Builder onlyIf(Predicate<EventEnvelope> wanted) {
            this.wanted = wanted;
            return this;
        }

        /**
         * Acknowledges without a transaction every event (of those {@link #onlyIf} takes) that {@code check} answers false
         * for: a check that reads the database on the pool, outside any transaction, for a consumer that can tell from
         * one read that an event changes nothing here. It replaces the transaction's BEGIN, the INSERT of the event's
         * id, the handler's own reads and COMMIT by that read, for the events it refuses; a handler must still decide
         * alone, in its transaction, for those it takes (the answer may have changed since).
         */
        public Builder onlyWhen(Function<EventEnvelope, Uni<Boolean>> check) {
            this.check = check;
            return this;
        }

        /**
         * Acknowledges unread (no parsing, no transaction) every record whose {@code ce_partnerid} header names a partner
         * {@code wanted} refuses: for a consumer that serves some partners only. A record without the header is read and
         * goes through {@link #onlyIf} as before.
         */
        public Builder onlyForPartners(Predicate<String> wanted) {
            this.partnerWanted = wanted;
            return this;
        }

        /**
         * Applies a polled batch's messages of {@code type} ({@link #on} names their own handler) together where
         * {@code handler} can: for a burst of messages that each take the same few statements, one transaction and a
         * statement for all instead of a transaction each (see {@link EventRouter#route(KafkaRecordBatch)}). A message
         * alone in its poll goes to its own handler as before.
         */
        public <T> Builder together(MessageType<T> type, BulkHandler<T> handler) {
            if (!routes.containsKey(type.name())) {
                throw new IllegalArgumentException(consumer + " has no handler for " + type + " to apply alone what " + handler + " leaves");
            }
            this.together = new Together<>(type, handler);
            return this;
        }

        public EventRouter build() {
            if (routes.isEmpty()) {
                throw new IllegalStateException(consumer + " handles no message type");
            }
            routers.built(consumer);
            return new EventRouter(consumer, topic, routers, routes, afterCommit, wanted, check, partnerWanted, together);
        }
    }
}
