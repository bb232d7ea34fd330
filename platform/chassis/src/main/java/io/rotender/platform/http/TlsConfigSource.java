package io.rotender.platform.http;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Maps {@code ROTENDER_TLS_CERT_FILE} and {@code ROTENDER_TLS_KEY_FILE} onto the TLS registry's default
 * key store, only when they are set: a property defined as empty would make the registry refuse to start,
 * so the certificate cannot simply be written as {@code ${ROTENDER_TLS_CERT_FILE:}} in the properties.
 * Below application.properties, so a service or a test can still configure TLS directly.
 */
public class TlsConfigSource implements ConfigSource {

    static final String CERT = "quarkus.tls.key-store.pem.service.cert";
    static final String KEY = "quarkus.tls.key-store.pem.service.key";

    private final Map<String, String> properties = new HashMap<>();

    public TlsConfigSource() {
        put(CERT, System.getenv("ROTENDER_TLS_CERT_FILE"));
        put(KEY, System.getenv("ROTENDER_TLS_KEY_FILE"));
    }

    private void put(String name, String value) {
        if (value != null && !value.isBlank()) {
            properties.put(name, value.strip());
        }
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
        return "rotender-tls-environment";
    }

    @Override
    public int getOrdinal() {
        return 200;
    }
}
