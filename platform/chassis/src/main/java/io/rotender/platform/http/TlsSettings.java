package io.rotender.platform.http;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Refuses to start with a transport setting that would leave the service unreachable or half-configured:
 * plain HTTP disabled without a certificate, a certificate without its key (or the reverse), or files that
 * are not there. The message names the environment variables to set.
 */
@ApplicationScoped
public class TlsSettings {

    private final Optional<String> cert;
    private final Optional<String> key;
    private final String insecureRequests;

    public TlsSettings(@ConfigProperty(name = TlsConfigSource.CERT) Optional<String> cert,
                       @ConfigProperty(name = TlsConfigSource.KEY) Optional<String> key,
                       @ConfigProperty(name = "quarkus.http.insecure-requests", defaultValue = "enabled") String insecureRequests) {
        this.cert = cert.filter(s -> !s.isBlank());
        this.key = key.filter(s -> !s.isBlank());
        this.insecureRequests = insecureRequests;
    }

    void check(@Observes StartupEvent start) {
        String problem = problem();
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    /** What is wrong with the transport settings, or null. */
    String problem() {
        if (cert.isPresent() != key.isPresent()) {
            return "ROTENDER_TLS_CERT_FILE and ROTENDER_TLS_KEY_FILE must be set together (PEM certificate chain and its private key)";
        }
        for (Optional<String> file : java.util.List.of(cert, key)) {
            if (file.isPresent() && !Files.isReadable(Path.of(file.get()))) {
                return "TLS file " + file.get() + " (ROTENDER_TLS_CERT_FILE / ROTENDER_TLS_KEY_FILE) is not readable";
            }
        }
        if (cert.isEmpty() && "disabled".equalsIgnoreCase(insecureRequests)) {
            return "Plain HTTP is disabled (ROTENDER_HTTP_PLAIN=disabled, the production default) but no certificate is "
                    + "configured: set ROTENDER_TLS_CERT_FILE and ROTENDER_TLS_KEY_FILE, or ROTENDER_HTTP_PLAIN=enabled "
                    + "for a cluster-internal hop";
        }
        return null;
    }

    public boolean tlsEnabled() {
        return cert.isPresent();
    }
}
