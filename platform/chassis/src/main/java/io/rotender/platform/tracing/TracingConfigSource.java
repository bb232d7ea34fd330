package io.rotender.platform.tracing;

import io.rotender.platform.config.EnvironmentConfigSource;

import java.util.Map;

/**
 * Tracing is off unless an OTLP endpoint is configured: {@code quarkus.otel.sdk.disabled} is true here unless
 * {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT} or {@code QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} is set (a
 * property cannot say "disabled when that one is empty"). The lowest ordinal of all, so any property file, the
 * environment or a test says otherwise.
 */
public class TracingConfigSource extends EnvironmentConfigSource {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";

    public TracingConfigSource() {
        this(System.getenv());
    }

    TracingConfigSource(Map<String, String> environment) {
        super("rotender-tracing-environment", 90, Map.of(SDK_DISABLED, String.valueOf(
                !set(environment.get("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT")) && !set(environment.get("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")))));
    }

    private static boolean set(String value) {
        return value != null && !value.isBlank();
    }
}
