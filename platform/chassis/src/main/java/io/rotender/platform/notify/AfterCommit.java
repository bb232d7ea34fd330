package io.rotender.platform.notify;

import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;

/**
 * Runs in-process work once the caller's transaction committed: the replica's own counterpart of a {@code NOTIFY}
 * (which PostgreSQL delivers on commit too, but at the price of a cluster-wide lock at every notifying commit).
 * Nothing runs when the transaction rolls back; on a connection without a transaction (each statement commits on its
 * own) the work runs at once.
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    public static void run(SqlConnection connection, Runnable work) {
        Transaction transaction = connection.transaction();
        if (transaction == null) {
            work.run();
            return;
        }
        transaction.completion().subscribe().with(committed -> work.run(), rolledBack -> {
        });
    }
}
