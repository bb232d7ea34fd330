package io.rotender.platform.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestSamplerTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static SamplingDecision decide(RequestSampler sampler, Context parent, SpanKind kind) {
        return sampler.shouldSample(parent, TRACE, "span", kind, Attributes.empty(), List.of()).getDecision();
    }

    private static Context remoteParent(boolean sampled) {
        return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(TRACE, "00f067aa0ba902b7",
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault())));
    }

    @Test
    void aTraceStartsOnlyAtARequest() {
        RequestSampler sampler = new RequestSampler(1.0);
        assertThat(decide(sampler, Context.root(), SpanKind.SERVER)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(sampler, Context.root(), SpanKind.CLIENT)).isEqualTo(SamplingDecision.DROP);
        assertThat(decide(sampler, Context.root(), SpanKind.CONSUMER)).isEqualTo(SamplingDecision.DROP);
        assertThat(decide(sampler, Context.root(), SpanKind.INTERNAL)).isEqualTo(SamplingDecision.DROP);
    }

    @Test
    void aSpanWithAParentDoesAsTheParentDid() {
        RequestSampler sampler = new RequestSampler(0.0);
        assertThat(decide(sampler, remoteParent(true), SpanKind.CONSUMER)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(sampler, remoteParent(true), SpanKind.CLIENT)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(sampler, remoteParent(false), SpanKind.SERVER)).isEqualTo(SamplingDecision.DROP);
    }

    @Test
    void recordsAppliedTogetherAreKeptWhenOneOfTheirTracesIs() {
        RequestSampler sampler = new RequestSampler(0.0);
        LinkData kept = LinkData.create(Span.fromContext(remoteParent(true)).getSpanContext());
        LinkData dropped = LinkData.create(Span.fromContext(remoteParent(false)).getSpanContext());
        assertThat(linked(sampler, SpanKind.CONSUMER, List.of(dropped, kept))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(linked(sampler, SpanKind.CONSUMER, List.of(dropped))).isEqualTo(SamplingDecision.DROP);
        assertThat(linked(sampler, SpanKind.CONSUMER, List.of())).isEqualTo(SamplingDecision.DROP);
        assertThat(linked(sampler, SpanKind.INTERNAL, List.of(kept))).isEqualTo(SamplingDecision.DROP);
    }

    private static SamplingDecision linked(RequestSampler sampler, SpanKind kind, List<LinkData> links) {
        return sampler.shouldSample(Context.root(), TRACE, "span", kind, Attributes.empty(), links).getDecision();
    }

    @Test
    void theRatioDecidesForNewRequests() {
        assertThat(decide(new RequestSampler(0.0), Context.root(), SpanKind.SERVER)).isEqualTo(SamplingDecision.DROP);
    }
}
