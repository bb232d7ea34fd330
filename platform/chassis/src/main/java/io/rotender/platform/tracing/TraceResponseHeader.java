package io.rotender.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Names the request's trace in its answer, {@code traceresponse: 00-<trace id>-<span id>-<flags>} (W3C Trace Context
 * level 2), when the request is traced: a partner can quote it when asking about an order, and the access log line
 * (written once the request's span has ended, so without the MDC's {@code traceId}) prints it.
 */
public class TraceResponseHeader {

    public static final String NAME = "traceresponse";

    @ServerResponseFilter
    public void name(ContainerResponseContext response) {
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid() && span.isSampled()) {
            response.getHeaders().putSingle(NAME, "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex());
        }
    }
}
