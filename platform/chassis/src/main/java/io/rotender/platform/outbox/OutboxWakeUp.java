package io.rotender.platform.outbox;

import io.rotender.platform.notify.PgNotifications;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Listens on the outbox's PostgreSQL notification channel, so a commit in any replica wakes this replica's
 * relay at once instead of at the next poll.
 */
@ApplicationScoped
public class OutboxWakeUp {

    private final PgNotifications notifications;
    private final OutboxConfig config;
    private PgNotifications.Listener listener;

    public OutboxWakeUp(PgNotifications notifications, OutboxConfig config) {
        this.notifications = notifications;
        this.config = config;
    }

    synchronized void listen(Runnable onNotification) {
        listener = notifications.listen(config.notifyChannel(), payload -> onNotification.run());
    }

    synchronized void stop() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }
}
