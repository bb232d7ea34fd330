package io.rotender.platform.tracing;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * Tracing is off unless an OTLP endpoint is configured: {@code quarkus.otel.sdk.disabled} is true here unless
 * {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT} or {@code QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} is set (a
 * property cannot say "disabled when that one is empty"). The lowest ordinal of all, so any property file, the
 * environment or a test says otherwise.
 */
public class TracingConfigSource implements ConfigSource {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";

    private final Map<String, String> properties;

    public TracingConfigSource() {
        this(System.getenv());
    }

    TracingConfigSource(Map<String, String> environment) {
        boolean endpoint = set(environment.get("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT"))
                || set(environment.get("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
        this.properties = Map.of(SDK_DISABLED, String.valueOf(!endpoint));
    }

    private static boolean set(String value) {
        return value != null && !value.isBlank();
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "rotender-tracing-environment";
    }

    @Override
    public int getOrdinal() {
        return 90;
    }
}
