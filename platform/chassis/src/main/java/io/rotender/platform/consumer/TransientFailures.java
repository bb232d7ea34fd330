package io.rotender.platform.consumer;

import io.vertx.pgclient.PgException;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * Tells failures that go away by themselves (the database unreachable, a serialization conflict or a
 * deadlock, a timeout) from those that would fail again the same way.
 */
public final class TransientFailures {

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PoisonMessageException) {
                return false;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                // 08 connection, 40 serialization failure / deadlock, 53 insufficient resources,
                // 57P operator intervention (shutdown, crash recovery)
                return state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.startsWith("57P");
            }
            if (t instanceof ConnectException || t instanceof TimeoutException
                    || t instanceof io.vertx.core.VertxException && String.valueOf(t.getMessage()).contains("closed")
                    || t.getClass().getName().endsWith("ClosedConnectionException")
                    || t.getClass().getName().endsWith("ConnectTimeoutException")) {
                return true;
            }
        }
        return false;
    }
}
