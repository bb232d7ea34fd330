package io.rotender.platform.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A real PostgreSQL for tests: an embedded server (no Docker, no root needed), or the external one named
 * by {@code ROTENDER_TEST_DB_HOST} (+ {@code _PORT}, {@code _USER}, {@code _PASSWORD}). Either way each
 * instance works in a fresh database of its own, so test suites of several services never share a schema.
 */
public final class TestPostgres implements AutoCloseable {

    private final EmbeddedPostgres embedded;
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String database;

    private TestPostgres(EmbeddedPostgres embedded, String host, int port, String user, String password) {
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.database = "rotender_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public static TestPostgres start() {
        String externalHost = System.getenv("ROTENDER_TEST_DB_HOST");
        try {
            TestPostgres pg;
            if (externalHost != null && !externalHost.isBlank()) {
                pg = new TestPostgres(null, externalHost,
                        Integer.parseInt(env("ROTENDER_TEST_DB_PORT", "5432")),
                        env("ROTENDER_TEST_DB_USER", "postgres"),
                        env("ROTENDER_TEST_DB_PASSWORD", ""));
            } else {
                EmbeddedPostgres server = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "200")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .start();
                pg = new TestPostgres(server, "127.0.0.1", server.getPort(), "postgres", "");
            }
            pg.execute("postgres", "CREATE DATABASE " + pg.database);
            return pg;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private void execute(String db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(db), user, password);
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    private String jdbcUrl(String db) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + db;
    }

    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Quarkus configuration pointing the default datasource, reactive and JDBC (Flyway), at this database. */
    public Map<String, String> quarkusConfig() {
        return Map.of(
                "quarkus.datasource.reactive.url", reactiveUrl(),
                "quarkus.datasource.jdbc.url", jdbcUrl(),
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password);
    }

    @Override
    public void close() {
        try {
            execute("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException ignored) {
            // the server may already be gone; nothing else to clean up
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (Exception ignored) {
                // the process is being torn down with the test JVM anyway
            }
        }
    }
}
