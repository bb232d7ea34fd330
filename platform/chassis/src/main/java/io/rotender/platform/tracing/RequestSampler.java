package io.rotender.platform.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Which traces are kept: a span with a parent does as the parent did (a kept order is kept whole, across services); a
 * trace starts only at a request the service serves (a SERVER span), kept at the ratio
 * {@code quarkus.otel.traces.sampler.arg} (1.0: all). A consumer span applying records together has no parent but
 * links to each record's trace ({@link EventTracing#consumingTogether}): it is kept when one of those traces is. What
 * has no parent and is no request (the relay's and the expiry's polling queries, a unit's heartbeat, which carry no
 * trace) starts none, so a tracing backend holds orders, not the platform's background work.
 */
@Singleton
public class RequestSampler implements Sampler {

    private final Sampler sampler;

    public RequestSampler(@ConfigProperty(name = "quarkus.otel.traces.sampler.arg", defaultValue = "1.0") double ratio) {
        this.sampler = Sampler.parentBased(new RequestsOnly(Sampler.traceIdRatioBased(ratio)));
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind, Attributes attributes,
                                       List<LinkData> parentLinks) {
        return sampler.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "RequestSampler{" + sampler.getDescription() + "}";
    }

    /** The root sampler: requests at the ratio, a batch of records when one of its linked traces is kept, nothing else. */
    private record RequestsOnly(Sampler requests) implements Sampler {
        @Override
        public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind, Attributes attributes,
                                           List<LinkData> parentLinks) {
            if (spanKind == SpanKind.SERVER) {
                return requests.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
            }
            boolean linkedKept = spanKind == SpanKind.CONSUMER && parentLinks != null
                    && parentLinks.stream().anyMatch(link -> link.getSpanContext().isSampled());
            return linkedKept ? SamplingResult.recordAndSample() : SamplingResult.drop();
        }

        @Override
        public String getDescription() {
            return "RequestsOnly{" + requests.getDescription() + "}";
        }
    }
}
