package io.rotender.platform.http;

import io.rotender.platform.config.EnvironmentConfigSource;

import java.util.HashMap;
import java.util.Map;

/**
 * Maps {@code ROTENDER_TLS_CERT_FILE} and {@code ROTENDER_TLS_KEY_FILE} onto the TLS registry's default
 * key store, only when they are set: a property defined as empty would make the registry refuse to start,
 * so the certificate cannot simply be written as {@code ${ROTENDER_TLS_CERT_FILE:}} in the properties.
 * Below application.properties, so a service or a test can still configure TLS directly.
 */
public class TlsConfigSource extends EnvironmentConfigSource {

    static final String CERT = "quarkus.tls.key-store.pem.service.cert";
    static final String KEY = "quarkus.tls.key-store.pem.service.key";

    public TlsConfigSource() {
        super("rotender-tls-environment", 200, properties(System.getenv()));
    }

    private static Map<String, String> properties(Map<String, String> environment) {
        Map<String, String> properties = new HashMap<>();
        put(properties, CERT, environment.get("ROTENDER_TLS_CERT_FILE"));
        put(properties, KEY, environment.get("ROTENDER_TLS_KEY_FILE"));
        return properties;
    }

    private static void put(Map<String, String> properties, String name, String value) {
        if (value != null && !value.isBlank()) {
            properties.put(name, value.strip());
        }
    }
}
