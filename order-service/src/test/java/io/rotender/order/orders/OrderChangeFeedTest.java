package io.rotender.order.orders;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.rotender.order.PartnerAtVenue;
import io.rotender.platform.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.rotender.order.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class OrderChangeFeedTest extends PartnerAtVenue {


    private String order() {
        return as(key).body(Map.of("venue_id", venue, "customer", Map.of("first_name", "Ada", "last_name", "Feed"), "drink_id", "vodka-soda"))
                .post("/venues/{v}/orders", venue).then().statusCode(201).extract().path("id");
    }

    private JsonPath feed(String cursor, int limit) {
        return as(key).queryParam("updated_after", cursor).queryParam("limit", limit).get("/venues/{v}/orders", venue)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theFeedGivesChangedOrdersOldestChangeFirstAndGoesOnFromItsCursor() {
        String a = order();
        String b = order();
        String c = order();
        JsonPath all = feed("0", 200);
        assertThat(all.getList("orders.id", String.class)).containsSubsequence(a, b, c);
        assertThat(all.getBoolean("has_more")).isFalse();
        JsonPath paged = feed("0", 1);
        assertThat(paged.getList("orders.id", String.class)).hasSize(1);
        assertThat(paged.getBoolean("has_more")).isTrue();
        String cursor = all.getString("next_cursor");
        assertThat(feed(cursor, 50).getList("orders")).isEmpty();

        as(key).body(Map.of("status", "cancelled")).put("/venues/{v}/orders/{o}", venue, a).then().statusCode(200);
        JsonPath after = feed(cursor, 50);
        assertThat(after.getList("orders.id", String.class)).containsExactly(a);
        assertThat(after.getString("orders[0].status")).isEqualTo("cancelled");
        assertThat(after.getString("orders[0].code")).isNull();
        assertThat(feed(after.getString("next_cursor"), 50).getList("orders")).isEmpty();
    }

    @Test
    void aBadCursorOrACombinationIsRefused() {
        for (String bad : List.of("yesterday", "-1", "YzE6eDp5", "c1:1:2", "0 OR 1=1")) {
            as(key).queryParam("updated_after", bad).get("/venues/{v}/orders", venue).then().statusCode(400)
                    .contentType("application/problem+json");
        }
        as(key).queryParam("updated_after", "0").queryParam("status", "confirmed").get("/venues/{v}/orders", venue)
                .then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("updated_after"));
        // without updated_after the list answers as before: an array, newest first
        as(key).get("/venues/{v}/orders", venue).then().statusCode(200).body("size()", is(0));
    }

    private static void note(Connection c, String orderId, String note) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE orders SET note = ? WHERE id = ?")) {
            s.setString(1, note);
            s.setString(2, orderId);
            s.executeUpdate();
        }
    }

    private Map<String, String> readToTheEnd(String[] cursor) {
        Map<String, String> seen = new HashMap<>();
        JsonPath page;
        do {
            page = feed(cursor[0], 50);
            for (Map<String, Object> o : page.<Map<String, Object>>getList("orders")) {
                seen.put((String) o.get("id"), (String) o.get("note"));
            }
            cursor[0] = page.getString("next_cursor");
        } while (page.getBoolean("has_more"));
        return seen;
    }

    @Test
    void aChangeCommittedAfterALaterStartedOneIsNotSkipped() throws Exception {
        String x = order();
        String y = order();
        String z = order();
        String[] cursor = {"0"};
        readToTheEnd(cursor);
        try (Connection early = TestDatabase.connection(); Connection late = TestDatabase.connection()) {
            early.setAutoCommit(false);
            late.setAutoCommit(false);
            note(early, x, "early-1");   // the early transaction starts first
            note(late, y, "late");        // a later one commits first
            late.commit();
            Map<String, String> first = readToTheEnd(cursor);
            note(early, z, "early-2");   // the early one goes on and commits last
            early.commit();
            Map<String, String> second = readToTheEnd(cursor);
            Map<String, String> seen = new HashMap<>(first);
            seen.putAll(second);
            assertThat(seen).containsEntry(x, "early-1").containsEntry(y, "late").containsEntry(z, "early-2");
            assertThat(first).as("nothing the running transaction could still precede is handed out").doesNotContainKey(y);
        }
    }

    @Test
    void theFeedMissesNoChangeWhileOrdersChangeConcurrently() throws Exception {
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            orders.add(order());
        }
        // writers: transactions that stamp one order, wait, then another, committing out of their start order
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int seed = w;
            writers.add(pool.submit(() -> {
                Random random = new Random(seed);
                try (Connection c = TestDatabase.connection();
                     PreparedStatement s = c.prepareStatement("UPDATE orders SET note = ? WHERE id = ?")) {
                    c.setAutoCommit(false);
                    for (int n = 0; n < 60; n++) {
                        try {
                            for (int k = 0; k < 2; k++) {
                                s.setString(1, "w" + seed + "-" + n + "-" + k);
                                s.setString(2, orders.get(random.nextInt(orders.size())));
                                s.executeUpdate();
                                Thread.sleep(random.nextInt(15));
                            }
                            c.commit();
                        } catch (java.sql.SQLException deadlock) {
                            c.rollback(); // two writers locking the same two orders in turn: one gives way, as any client would
                        }
                    }
                }
                return null;
            }));
        }
        // a partner following the feed meanwhile: what it last saw of each order
        Map<String, String> seen = new HashMap<>();
        String cursor = "0";
        Future<Boolean> done = pool.submit(() -> {
            try {
                for (Future<?> writer : writers) {
                    writer.get();
                }
                return true;
            } finally {
                writing.set(false);
            }
        });
        int pages = 0;
        while (writing.get() || pages == 0) {
            JsonPath page = feed(cursor, 5);
            for (Map<String, Object> o : page.<Map<String, Object>>getList("orders")) {
                seen.put((String) o.get("id"), (String) o.get("note"));
            }
            cursor = page.getString("next_cursor");
            pages++;
        }
        assertThat(done.get(30, TimeUnit.SECONDS)).isTrue();
        // the writers are done: one more pass to the end of the feed
        JsonPath page;
        do {
            page = feed(cursor, 5);
            for (Map<String, Object> o : page.<Map<String, Object>>getList("orders")) {
                seen.put((String) o.get("id"), (String) o.get("note"));
            }
            cursor = page.getString("next_cursor");
        } while (page.getBoolean("has_more"));
        pool.shutdown();

        for (String id : orders) {
            Object note = TestDatabase.query("SELECT note FROM orders WHERE id = ?", id).get(0).get("note");
            assertThat(seen.get(id)).as("the last change of %s, read through the feed in %d pages", id, pages).isEqualTo(note);
        }
    }
}
