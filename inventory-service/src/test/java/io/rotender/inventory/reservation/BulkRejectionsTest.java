package io.rotender.inventory.reservation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.rotender.contracts.inventory.InventoryCommands.Item;
import io.rotender.contracts.inventory.InventoryCommands.ReserveStock;
import io.rotender.inventory.Fixtures;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.testing.TestDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ReserveStock commands of a batch that no unit can serve once those ahead of them are counted off are taken and
 * rejected together; everything else is left to the reservation of each command alone, untouched.
 */
@QuarkusTest
class BulkRejectionsTest {

    @Inject
    ObjectMapper mapper;
    @Inject
    BulkRejections rejections;
    @Inject
    Pool pool;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static ReserveStock order(String venue, String id, String drink, int quantity) {
        return new ReserveStock(id, venue, List.of(new Item(drink, quantity)), null);
    }

    @Test
    void rejectsTogetherOnlyWhatNoUnitCanServeAfterTheCommandsAheadOfIt() {
        try (Fixtures fx = new Fixtures(bootstrap, mapper)) {
            String venue = Fixtures.newId("bulk");
            fx.catalog(venue, 1, 2, Map.of("vodka-shot", Map.of("vodka", 40), "gin-shot", Map.of("gin", 40)));
            fx.unit(venue, venue + "-a", Map.of("vodka", 120));
            fx.unit(venue, venue + "-b", Map.of("vodka", 40));
            String answered = venue + "-answered";
            List<ReserveStock> batch = List.of(
                    order(venue, venue + "-o1", "vodka-shot", 1),  // fits a (the most headroom): a has 80 left
                    order(venue, venue + "-o2", "vodka-shot", 2),  // fits a: a has 0 left
                    order(venue, venue + "-o3", "vodka-shot", 1),  // fits b: b has 0 left
                    order(venue, venue + "-o4", "vodka-shot", 1),  // none: rejected here
                    order(venue, venue + "-o5", "gin-shot", 1),    // none: rejected here
                    order(venue, venue + "-o6", "mojito", 1),      // not on this menu: its handler names the reason
                    order(venue, answered, "gin-shot", 1),
                    new ReserveStock(venue + "-o7", venue, List.of(), null));

            assertThat(rejections.plan(batch).await().atMost(Duration.ofSeconds(30)).taken())
                    .as("a venue where nobody was turned away for want of stock yet: not read for").isEmpty();

            // an order rejected out of stock (no gin anywhere): the venue's commands are planned together from now on; and
            // this order, answered before, is not taken: its handler answers it again
            fx.reserve(venue, answered, Map.of("gin-shot", 1));
            assertThat(fx.eventsFor(Fixtures.EVENTS, answered, 1).get(0).get("type").asText()).isEqualTo("StockRejected");

            EventRouter.BulkPlan<ReserveStock> plan = rejections.plan(batch).await().atMost(Duration.ofSeconds(30));
            assertThat(plan.taken()).as("the same commands, in their order").containsExactly(batch.get(3), batch.get(4));
            assertThat(TestDatabase.count("SELECT count(*) FROM reservation WHERE venue_id = ?", venue)).as("a plan writes nothing").isEqualTo(1);

            pool.withTransaction(tx -> plan.apply(tx, plan.taken())).await().atMost(Duration.ofSeconds(30));

            assertThat(TestDatabase.query("""
                    SELECT order_id, status, reason, unavailable_drinks::text AS unavailable FROM reservation
                    WHERE venue_id = ? ORDER BY order_id""", venue).stream()
                    .map(r -> List.of(r.get("order_id"), r.get("status"), r.get("reason"), r.get("unavailable"))).toList())
                    .containsExactly(
                            List.of(answered, "rejected", "out-of-stock", "[\"gin-shot\"]"),
                            List.of(venue + "-o4", "rejected", "out-of-stock", "[\"vodka-shot\"]"),
                            List.of(venue + "-o5", "rejected", "out-of-stock", "[\"gin-shot\"]"));
            assertThat(TestDatabase.count("SELECT sum(reserved_ml) FROM slot s JOIN unit u ON u.id = s.unit_id WHERE u.venue_id = ?", venue))
                    .as("nothing reserved: what fits is for each command's own transaction").isZero();

            for (String rejected : List.of(venue + "-o4", venue + "-o5")) {
                JsonNode event = fx.eventsFor(Fixtures.EVENTS, rejected, 1).get(0);
                assertThat(event.get("type").asText()).isEqualTo("StockRejected");
                assertThat(event.get("aggregateId").asText()).isEqualTo(rejected);
                assertThat(event.at("/data/orderId").asText()).isEqualTo(rejected);
                assertThat(event.at("/data/venueId").asText()).isEqualTo(venue);
                assertThat(event.at("/data/reason").asText()).isEqualTo("out-of-stock");
            }
        }
    }
}
