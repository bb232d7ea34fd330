package io.rotender.systemtests.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the platform under test is and its credentials, as {@code deploy/local/run} started it: the state
 * directory ({@code ROTENDER_LOCAL_DIR}, else the {@code rotender.local.dir} system property, else
 * {@code .local}) holds the admin token, the demo partners' keys and the POS secrets; the ports come from the
 * same environment variables as the run's, with its defaults.
 */
public final class LocalPlatform {

    private final Path state;

    private LocalPlatform(Path state) {
        this.state = state;
    }

    public static LocalPlatform fromEnvironment() {
        String dir = env("ROTENDER_LOCAL_DIR", System.getProperty("rotender.local.dir", ".local"));
        return new LocalPlatform(Path.of(dir).toAbsolutePath().normalize());
    }

    public Path stateDir() {
        return state;
    }

    /** A secret the run wrote into the state directory ({@code admin-token}, {@code partner-key-demo-app}, ...). */
    public String secret(String name) {
        try {
            return Files.readString(state.resolve(name)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("no " + name + " in " + state + ": is the local platform running (deploy/local/run)?", e);
        }
    }

    public PlatformClient admin() {
        return new PlatformClient(secret("admin-token"));
    }

    public String menu() {
        return service("ROTENDER_LOCAL_MENU_PORT", 8081);
    }

    public String inventory() {
        return service("ROTENDER_LOCAL_INVENTORY_PORT", 8082);
    }

    public String orders() {
        return service("ROTENDER_LOCAL_ORDER_PORT", 8083);
    }

    /** A second order-service replica ({@code ORDER_REPLICA_B_URL}), when the run started two. */
    public Optional<String> ordersReplicaB() {
        return Optional.ofNullable(System.getenv("ORDER_REPLICA_B_URL")).filter(url -> !url.isBlank());
    }

    public String connectors() {
        return service("ROTENDER_LOCAL_CONNECTORS_PORT", 8084);
    }

    public String unitSimulator() {
        return service("ROTENDER_LOCAL_SIMULATOR_PORT", 8090);
    }

    /** The POS emulators: Restaumatic's API and the receiver of partner webhooks. */
    public String posEmulators() {
        return service("ROTENDER_LOCAL_RESTAUMATIC_PORT", 8091);
    }

    public String traceSink() {
        return service("ROTENDER_LOCAL_TRACE_SINK_PORT", 4318);
    }

    public String kafka() {
        return "127.0.0.1:" + env("ROTENDER_LOCAL_KAFKA_PORT", "19092");
    }

    /** The JDBC URL of one of the platform's databases ({@code orders}, {@code inventory}, ...); user postgres. */
    public String jdbc(String database) {
        return jdbcBase() + database;
    }

    public String jdbcBase() {
        return "jdbc:postgresql://127.0.0.1:" + env("ROTENDER_LOCAL_PG_PORT", "15432") + "/";
    }

    private static String service(String portVariable, int port) {
        return "http://localhost:" + env(portVariable, String.valueOf(port));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
