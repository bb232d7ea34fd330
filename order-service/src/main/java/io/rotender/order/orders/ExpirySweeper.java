package io.rotender.order.orders;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rotender.order.config.OrderConfig;
import io.rotender.platform.scheduling.PeriodicTask;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;


/** Expires orders whose payment hold or code TTL ran out, releasing their stock; replicas share the work. */
@ApplicationScoped
public class ExpirySweeper {

    private final Pool pool;
    private final Vertx vertx;
    private final OrderConfig config;
    private final OrderStore store;
    private final OrderService orders;

    public ExpirySweeper(Pool pool, Vertx vertx, OrderConfig config, OrderStore store, OrderService orders) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
        this.store = store;
        this.orders = orders;
    }

    private PeriodicTask task;

    void start(@Observes StartupEvent event) {
        task = PeriodicTask.every(vertx, config.sweepInterval(), "Order expiry sweep", this::sweepOnce);
    }

    void stop(@Observes ShutdownEvent event) {
        if (task != null) {
            task.stop();
        }
    }

    public Uni<Void> sweepOnce() {
        return pool.withTransaction(tx -> store.lockExpired(tx, 100).chain(ids -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String id : ids) {
                chain = chain.chain(() -> orders.expire(tx, id));
            }
            return chain;
        }));
    }
}
