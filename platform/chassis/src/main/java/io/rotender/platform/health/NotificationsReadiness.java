package io.rotender.platform.health;

import io.rotender.platform.notify.PgNotifications;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

/**
 * DOWN while one of the service's PostgreSQL listeners is not listening: a replica whose {@code LISTEN} is
 * lost would miss the commits that wake it (an order POST would wait out its whole bound, a cache would go
 * stale), so it leaves rotation until the listener is back (it reconnects by itself).
 */
@Readiness
@ApplicationScoped
public class NotificationsReadiness implements HealthCheck {

    static final String NAME = "PostgreSQL notifications";

    private final PgNotifications notifications;

    public NotificationsReadiness(PgNotifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public HealthCheckResponse call() {
        List<String> down = notifications.down();
        return down.isEmpty() ? HealthCheckResponse.up(NAME)
                : HealthCheckResponse.named(NAME).down().withData("not listening", String.join(", ", down)).build();
    }
}
