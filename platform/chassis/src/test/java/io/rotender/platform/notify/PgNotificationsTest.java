package io.rotender.platform.notify;

import io.quarkus.test.junit.QuarkusTest;
import io.rotender.platform.config.DatabaseAddress;
import io.rotender.platform.health.NotificationsReadiness;
import io.rotender.platform.testing.TcpForwarder;
import io.rotender.platform.testing.TestDatabase;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** LISTEN through a database that is away when the listener starts, then comes back, then drops again. */
@QuarkusTest
class PgNotificationsTest {

    @Inject
    Vertx vertx;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @Test
    void aListenerWhoseFirstConnectFailedListensOnceTheDatabaseIsBackAndReadinessSaysSo() throws Exception {
        URI database = URI.create(url.replaceFirst("^vertx-reactive:", ""));
        try (TcpForwarder away = new TcpForwarder(database.getHost(), database.getPort())) {
            String viaForwarder = "vertx-reactive:postgresql://127.0.0.1:" + away.port() + database.getPath();
            PgNotifications notifications = new PgNotifications(vertx, new DatabaseAddress(viaForwarder, user, password));
            NotificationsReadiness readiness = new NotificationsReadiness(notifications);
            List<String> received = new CopyOnWriteArrayList<>();
            PgNotifications.Listener listener = notifications.listen("pg_notifications_test", received::add);
            try {
                // nothing listens on the port yet: the first connect fails
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !listener.isListening());
                assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
                assertThat(notifications.down()).containsExactly("pg_notifications_test");

                away.start();
                await().atMost(Duration.ofSeconds(15)).until(listener::isListening);
                assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
                TestDatabase.query("SELECT pg_notify('pg_notifications_test', 'after the first failure')");
                await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("after the first failure"));

                // an established connection that drops is reconnected too, and readiness follows it
                away.stop();
                await().atMost(Duration.ofSeconds(10)).until(() -> !listener.isListening());
                assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
                away.start();
                await().atMost(Duration.ofSeconds(15)).until(listener::isListening);
                TestDatabase.query("SELECT pg_notify('pg_notifications_test', 'after the drop')");
                await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("after the drop"));
            } finally {
                listener.close();
            }
            assertThat(notifications.down()).isEmpty();
        }
    }
}
