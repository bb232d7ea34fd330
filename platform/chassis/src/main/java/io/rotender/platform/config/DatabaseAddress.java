package io.rotender.platform.config;

import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/** Where the service's own database is, for the connections it keeps outside the pool (LISTEN, readiness). */
@ApplicationScoped
public class DatabaseAddress {

    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;

    public DatabaseAddress(@ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                           @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                           @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public PgConnectOptions connectOptions() {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        return options;
    }
}
