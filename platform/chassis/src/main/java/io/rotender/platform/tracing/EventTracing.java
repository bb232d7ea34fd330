package io.rotender.platform.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

/**
 * Carries a trace across the outbox and Kafka (W3C trace context). The transaction that writes an event stores the
 * {@code traceparent} of the span it runs in ({@link #traceparent()}); the relay, however late it runs, publishes the
 * record in a producer span child of that context and sends it as the record's {@code traceparent} header
 * ({@link #publishing}); a consumer applies the record in a consumer span child of the header's context
 * ({@link #consuming}), current while the effect runs, so what that effect writes to the outbox continues the same trace.
 * <p>
 * With tracing off ({@code quarkus.otel.sdk.disabled}, the default unless an OTLP endpoint is set, see
 * {@link TracingConfigSource}) every span is a no-op and nothing is stored or sent.
 */
@ApplicationScoped
public class EventTracing {

    public static final String TRACEPARENT = "traceparent";
    /** The span attribute naming what an event is about (an order's events: the order id), to find an order's traces by. */
    public static final String AGGREGATE = "rotender.aggregate.id";

    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return () -> StreamSupport.stream(headers.spliterator(), false).map(Header::key).iterator();
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private static final TextMapSetter<Headers> HEADER_SETTER = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public EventTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.rotender.platform");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** The {@code traceparent} of the current span, to store beside an event written now; null when none is recording. */
    public String traceparent() {
        Context context = Context.current();
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        propagator.inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /**
     * Starts the producer span of one outbox event published to {@code topic}, child of the context stored with it
     * ({@code traceparent}, may be null: a new trace then), and writes its context into {@code headers}. The caller ends
     * the span when the broker answered ({@link #end(Span, Throwable)}).
     */
    public Span publishing(String traceparent, String topic, String eventId, String eventType, String aggregateId, Headers headers) {
        if (traceparent == null) {
            return Span.getInvalid();
        }
        Context parent = propagator.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP);
        Span span = tracer.spanBuilder(topic + " publish").setSpanKind(SpanKind.PRODUCER).setParent(parent)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.message.id", eventId)
                .setAttribute("rotender.event.type", eventType)
                .setAttribute(AGGREGATE, aggregateId == null ? "" : aggregateId)
                .startSpan();
        propagator.inject(parent.with(span), headers, HEADER_SETTER);
        return span;
    }

    /**
     * Runs {@code work} in a consumer span named after {@code topic}, child of the trace context in the record's
     * {@code headers} (a new trace when it has none), current until the work's outcome, recorded as the span's status.
     */
    public <T> Uni<T> consuming(String consumer, String topic, Headers headers, String eventType, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Context parent = headers == null ? Context.root() : propagator.extract(Context.root(), headers, HEADERS);
            Span span = consumerSpan(consumer, topic, eventType).setParent(parent).startSpan();
            if (span.isRecording()) {
                span.setAttribute(AGGREGATE, subject(headers));
            }
            return within(parent, span, work);
        });
    }

    /**
     * Runs {@code work}, which applies several records of {@code topic} together, in one consumer span of a trace of its
     * own, linked to the trace context of each record's {@code headers} (OpenTelemetry's messaging conventions for a batch
     * processed at once): what the work writes to the outbox carries that span's context, and each record's trace leads
     * to it through its link. The span is kept when one of the linked traces is ({@link RequestSampler}).
     */
    public <T> Uni<T> consumingTogether(String consumer, String topic, List<Headers> headers, String eventType, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            SpanBuilder builder = consumerSpan(consumer, topic, eventType).setNoParent()
                    .setAttribute("messaging.batch.message_count", (long) headers.size());
            for (Headers recordHeaders : headers) {
                SpanContext linked = Span.fromContext(propagator.extract(Context.root(), recordHeaders, HEADERS)).getSpanContext();
                if (linked.isValid()) {
                    builder.addLink(linked);
                }
            }
            return within(Context.root(), builder.startSpan(), work);
        });
    }

    private SpanBuilder consumerSpan(String consumer, String topic, String eventType) {
        return tracer.spanBuilder(topic + " process").setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.consumer.group.name", consumer)
                .setAttribute("rotender.event.type", eventType == null ? "" : eventType);
    }

    /**
     * Runs {@code work} in an internal span named {@code name}, child of the trace context {@code traceparent} (the one
     * an order stored when it was placed, say) and linked to the current span: for a step of a long-running flow that a
     * later request triggers, so the step joins the flow's trace while the request keeps its own.
     */
    public <T> Uni<T> continuing(String traceparent, String name, Supplier<Uni<T>> work) {
        if (traceparent == null) {
            return Uni.createFrom().deferred(work::get);
        }
        return Uni.createFrom().deferred(() -> {
            SpanContext current = Span.current().getSpanContext();
            Context parent = propagator.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP);
            var builder = tracer.spanBuilder(name).setParent(parent);
            if (current.isValid()) {
                builder.addLink(current);
            }
            Span span = builder.startSpan();
            return within(parent, span, work);
        });
    }

    /** Runs {@code work} with {@code span} (child of {@code parent}) current, and ends the span with the work's outcome. */
    private static <T> Uni<T> within(Context parent, Span span, Supplier<Uni<T>> work) {
        if (!span.getSpanContext().isValid()) {
            return work.get();
        }
        Scope scope = parent.with(span).makeCurrent();
        Uni<T> running;
        try {
            running = work.get();
        } catch (RuntimeException e) {
            running = Uni.createFrom().failure(e);
        }
        return running.onTermination().invoke((item, failure, cancelled) -> {
            end(span, failure);
            scope.close();
        });
    }

    private static String subject(Headers headers) {
        String subject = headers == null ? null : HEADERS.get(headers, "ce_subject");
        return subject == null ? "" : subject;
    }

    /** Ends {@code span}, as an error when {@code failure} is not null. */
    public static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage());
        }
        span.end();
    }
}
