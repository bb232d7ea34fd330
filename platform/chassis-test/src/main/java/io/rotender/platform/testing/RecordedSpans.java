package io.rotender.platform.testing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Singleton;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The span exporter of every service's tests (tests trace: the chassis' test profile turns the SDK on and exports each
 * span as it ends): keeps the most recent spans in memory for a test to read, e.g. that one order's spans share a trace
 * id. Bounded, so a long test run does not grow with every request it made.
 */
@Singleton
public class RecordedSpans implements SpanExporter {

    private static final int KEPT = 20_000;

    private final Deque<SpanData> spans = new ArrayDeque<>();

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> batch) {
        for (SpanData span : batch) {
            if (spans.size() == KEPT) {
                spans.removeFirst();
            }
            spans.addLast(span);
        }
        return CompletableResultCode.ofSuccess();
    }

    /** The kept spans that {@code wanted} accepts, oldest first. */
    public synchronized List<SpanData> matching(Predicate<SpanData> wanted) {
        return spans.stream().filter(wanted).toList();
    }

    /** The kept spans of the trace {@code traceId}, oldest first. */
    public List<SpanData> ofTrace(String traceId) {
        return matching(span -> span.getTraceId().equals(traceId));
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
