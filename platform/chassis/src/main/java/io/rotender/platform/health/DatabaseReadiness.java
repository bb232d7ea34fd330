package io.rotender.platform.health;

import io.rotender.platform.config.DatabaseAddress;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * Readiness of the service's database, checked on a connection of its own rather than one taken from the
 * pool: a replica whose pool is busy with a backlog is slow, not unable to serve, and must not be taken out
 * of rotation for it (with the pool's own check every replica of a loaded service went DOWN together,
 * "timed out waiting for an available connection"). DOWN when the database does not answer
 * {@code SELECT 1} within the timeout; the connection is opened again at the next check after a failure.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

    static final String NAME = "Reactive PostgreSQL (own connection)";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Vertx vertx;
    private final DatabaseAddress database;
    private Uni<PgConnection> connection;

    public DatabaseReadiness(Vertx vertx, DatabaseAddress database) {
        this.vertx = vertx;
        this.database = database;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return connection()
                .chain(c -> c.query("SELECT 1").execute())
                .ifNoItem().after(TIMEOUT).failWith(() -> new IllegalStateException("no answer within " + TIMEOUT))
                .map(rows -> HealthCheckResponse.up(NAME))
                .onFailure().recoverWithItem(failure -> {
                    forget();
                    return HealthCheckResponse.named(NAME).down()
                            .withData("error", String.valueOf(failure.getMessage())).build();
                });
    }

    /** The open connection, or one being opened; every check shares it. */
    private synchronized Uni<PgConnection> connection() {
        if (connection == null) {
            connection = PgConnection.connect(vertx, database.connectOptions()).memoize().indefinitely();
        }
        return connection;
    }

    /** Drops the connection after a failure; the next check opens a new one. */
    private synchronized void forget() {
        Uni<PgConnection> failed = connection;
        connection = null;
        if (failed != null) {
            failed.subscribe().with(c -> c.close().subscribe().with(ok -> { }, e -> { }), e -> { });
        }
    }
}
