package io.rotender.platform.tracing;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TracingConfigSourceTest {

    @Test
    void tracingIsOffWithoutAnEndpoint() {
        assertThat(new TracingConfigSource(Map.of()).getValue(TracingConfigSource.SDK_DISABLED)).isEqualTo("true");
        assertThat(new TracingConfigSource(Map.of("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", " ")).getValue(TracingConfigSource.SDK_DISABLED))
                .isEqualTo("true");
    }

    @Test
    void anOtlpEndpointTurnsTracingOn() {
        assertThat(new TracingConfigSource(Map.of("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"))
                .getValue(TracingConfigSource.SDK_DISABLED)).isEqualTo("false");
        assertThat(new TracingConfigSource(Map.of("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318"))
                .getValue(TracingConfigSource.SDK_DISABLED)).isEqualTo("false");
    }

    @Test
    void everyOtherSourceSaysOtherwise() {
        assertThat(new TracingConfigSource(Map.of()).getOrdinal()).isLessThan(100);
    }
}
