package io.rotender.order.orders;

import io.quarkus.test.junit.QuarkusTest;
import io.rotender.order.PartnerAtVenue;
import io.rotender.platform.notify.PgNotifications;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.rotender.order.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which settled orders wake the other replicas: a notifying commit takes PostgreSQL's cluster-wide notification lock,
 * so an order whose POST may still wait somewhere notifies, and one older (on the database's clock) than any POST waits
 * does not.
 */
@QuarkusTest
class OrderWaiterTest extends PartnerAtVenue {

    @Inject
    PgNotifications notifications;
    @Inject
    Pool pool;

    @Test
    void onlyAnOrderAPostMayStillWaitForNotifiesTheOtherReplicas() {
        inventory.silentVenues.add(venue);
        List<String> heard = new CopyOnWriteArrayList<>();
        PgNotifications.Listener listener = notifications.listen(OrderWaiter.CHANNEL, heard::add);
        try {
            await().atMost(Duration.ofSeconds(10)).until(listener::isListening);
            // two POSTs answered 202 (their reservation unanswered for the bound): nobody on this replica waits any more
            CompletableFuture<String> first = CompletableFuture.supplyAsync(this::placedPending);
            CompletableFuture<String> second = CompletableFuture.supplyAsync(this::placedPending);
            String old = first.join();
            String young = second.join();
            // on the database's clock one is a minute old, the other just placed (a POST on another replica may wait for it)
            age(old, "created_at - interval '1 minute'");
            age(young, "now()");

            inventory.reserveNow(old, venue, bootstrap);
            await().atMost(Duration.ofSeconds(20)).until(() -> "confirmed".equals(status(old)));
            inventory.reserveNow(young, venue, bootstrap);
            await().atMost(Duration.ofSeconds(20)).until(() -> heard.contains(young));
            // notifications arrive in commit order: the old order's would have come before the young one's
            assertThat(heard).doesNotContain(old);
        } finally {
            listener.close();
            inventory.silentVenues.remove(venue);
        }
    }

    private String placedPending() {
        return as(key).body(Map.of("venue_id", venue, "customer", Map.of("first_name", "Late", "last_name", "Comer"), "drink_id", "vodka-soda"))
                .post("/venues/{v}/orders", venue).then().statusCode(202).extract().path("id");
    }

    private void age(String orderId, String createdAt) {
        pool.preparedQuery("UPDATE orders SET created_at = " + createdAt + " WHERE id = $1").execute(Tuple.of(orderId)).await().indefinitely();
    }

    private String status(String orderId) {
        return as(key).get("/venues/{v}/orders/{o}", venue, orderId).then().extract().path("status");
    }
}
