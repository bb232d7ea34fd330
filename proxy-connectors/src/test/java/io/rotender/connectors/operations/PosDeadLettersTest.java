package io.rotender.connectors.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.rotender.connectors.restaumatic.OrderPlacedMapper;
import io.rotender.connectors.restaumatic.RestaumaticStandIn;
import io.rotender.connectors.restaumatic.RestaumaticVenues;
import io.rotender.platform.testing.KafkaTestClient;
import io.rotender.platform.testing.TestCredentials;
import io.rotender.platform.testing.TestDatabase;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.rotender.connectors.restaumatic.RestaumaticVenues.delivery;
import static io.rotender.connectors.restaumatic.RestaumaticVenues.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class PosDeadLettersTest {

    private static final String API_TOKEN = "rm-ops-token-456";
    private static RestaumaticStandIn restaumatic;

    @Inject
    ObjectMapper mapper;
    @RegisterExtension
    final KafkaTestClient kafka = KafkaTestClient.perTest();

    @BeforeAll
    static void startRestaumatic() throws Exception {
        restaumatic = new RestaumaticStandIn(API_TOKEN);
    }

    @AfterAll
    static void stopRestaumatic() {
        restaumatic.close();
    }

    /** Orders of a venue whose API token Restaumatic refuses (401), each dead-lettered. */
    private List<String> deadOrders(String venue, int n) throws Exception {
        List<String> orders = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String orderId = newOrderId();
            RestaumaticVenues.confirm(kafka, mapper, venue, orderId);
            orders.add(orderId);
        }
        for (String orderId : orders) {
            await().atMost(Duration.ofSeconds(20)).until(() -> "dead".equals(delivery(orderId)));
        }
        return orders;
    }

    private static JsonPath deadLetters(String venue, String query) {
        return given().header("Authorization", TestCredentials.adminBearer()).get("/admin/venues/{v}/pos/dead-letters" + query, venue)
                .then().statusCode(200).extract().jsonPath();
    }

    private static io.restassured.response.ValidatableResponse retry(String venue, String orderId) {
        return given().header("Authorization", TestCredentials.adminBearer()).header("X-Rotender-Operator", "Alice Ops")
                .post("/admin/venues/{v}/pos/dead-letters/{o}/retry", venue, orderId).then();
    }

    @Test
    void aRefusedForwardIsListedAndItsRetryReachesThePosOnceWithTheSameId() throws Exception {
        String venue = RestaumaticVenues.venue(restaumatic, "a-stale-api-token");
        String orderId = deadOrders(venue, 1).get(0);

        JsonPath listed = deadLetters(venue, "");
        assertThat(listed.getInt("count")).isEqualTo(1);
        assertThat(listed.getString("deadLetters[0].orderId")).isEqualTo(orderId);
        assertThat(listed.getString("deadLetters[0].state")).isEqualTo("dead");
        assertThat(listed.getString("deadLetters[0].reason")).contains("401").contains("API token");
        assertThat(listed.getString("deadLetters[0].lastAnswer")).startsWith("401");
        assertThat(listed.getInt("deadLetters[0].attempts")).isEqualTo(1);
        assertThat(listed.getBoolean("deadLetters[0].retryable")).isTrue();
        assertThat(listed.getString("deadLetters[0].externalOrderId")).isEqualTo(OrderPlacedMapper.externalOrderId(orderId).toString());
        given().header("Authorization", TestCredentials.adminBearer()).queryParam("connector", "restaumatic")
                .queryParam("reason", "api TOKEN").queryParam("venueId", venue).get("/admin/pos/dead-letters")
                .then().statusCode(200).body("count", is(1)).body("deadLetters[0].orderId", is(orderId));

        // the operator mends the venue's settings, then retries
        RestaumaticVenues.connect(venue, restaumatic, API_TOKEN, 200);
        retry(venue, orderId).statusCode(202).body("outcome", is("requeued"))
                .body("requestedBy", containsString("Alice Ops")).body("requestedBy", containsString("admin token "));
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(delivery(orderId)));

        List<RestaumaticStandIn.Received> sent = restaumatic.forOrder(orderId);
        assertThat(sent).extracting(RestaumaticStandIn.Received::answered).containsExactly(401, 200);
        assertThat(sent).extracting(r -> r.body().toString()).containsOnly(sent.get(0).body().toString());
        assertThat(deadLetters(venue, "").getInt("count")).isZero();
        assertThat(TestDatabase.query("SELECT requested_by, outcome FROM forward_retry WHERE order_id = ?", orderId))
                .singleElement().satisfies(row -> {
                    assertThat((String) row.get("requested_by")).startsWith("Alice Ops (admin token ");
                    assertThat(row.get("outcome")).isEqualTo("requeued");
                });
        given().get("/q/metrics").then().body(containsString("rotender_connector_retries_total{connector=\"restaumatic\",outcome=\"requeued\"}"));
        // delivered now: no longer a dead letter, a second retry is refused and sends nothing
        retry(venue, orderId).statusCode(409).contentType("application/problem+json").body("delivery", is("delivered"));
        assertThat(restaumatic.forOrder(orderId)).hasSize(2);
    }

    @Test
    void aDeadForwardOfACancelledOrderIsNotRetriedAndSaysWhy() throws Exception {
        String venue = RestaumaticVenues.venue(restaumatic, "a-stale-api-token");
        String orderId = deadOrders(venue, 1).get(0);
        RestaumaticVenues.cancel(kafka, mapper, orderId);
        await().atMost(Duration.ofSeconds(20)).until(() -> "cancelled".equals(
                TestDatabase.query("SELECT order_outcome FROM forwarded_order WHERE order_id = ?", orderId).get(0).get("order_outcome")));
        RestaumaticVenues.connect(venue, restaumatic, API_TOKEN, 200);

        retry(venue, orderId).statusCode(409).contentType("application/problem+json")
                .body("type", containsString("order-not-confirmed")).body("detail", containsString("order cancelled"));
        JsonPath listed = deadLetters(venue, "");
        assertThat(listed.getBoolean("deadLetters[0].retryable")).isFalse();
        assertThat(listed.getString("deadLetters[0].orderOutcome")).isEqualTo("cancelled");
        assertThat(listed.getString("deadLetters[0].lastRetry.outcome")).isEqualTo("refused");
        assertThat(delivery(orderId)).isEqualTo("dead");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> restaumatic.forOrder(orderId).size() == 1);
    }

    @Test
    void aBulkRetryRequeuesTheVenuesDeadForwardsOfTheTimeRangeOnly() throws Exception {
        String venue = RestaumaticVenues.venue(restaumatic, "a-stale-api-token");
        String other = RestaumaticVenues.venue(restaumatic, "another-stale-token");
        Instant before = Instant.now().minusSeconds(5);
        List<String> orders = deadOrders(venue, 3);
        String otherOrder = deadOrders(other, 1).get(0);
        RestaumaticVenues.connect(venue, restaumatic, API_TOKEN, 200);
        RestaumaticVenues.connect(other, restaumatic, API_TOKEN, 200);

        // a range that ends before they died retries none
        given().header("Authorization", TestCredentials.adminBearer()).contentType("application/json")
                .body(Map.of("to", before.toString())).post("/admin/venues/{v}/pos/dead-letters/retry", venue)
                .then().statusCode(200).body("requeued.size()", is(0));
        JsonPath bulk = given().header("Authorization", TestCredentials.adminBearer()).contentType("application/json")
                .body(Map.of("from", before.toString())).post("/admin/venues/{v}/pos/dead-letters/retry", venue)
                .then().statusCode(200).extract().jsonPath();
        assertThat(bulk.getList("requeued.orderId")).containsExactlyInAnyOrderElementsOf(orders);
        assertThat(bulk.getList("refused")).isEmpty();
        for (String orderId : orders) {
            await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(delivery(orderId)));
            assertThat(restaumatic.forOrder(orderId)).extracting(RestaumaticStandIn.Received::answered).containsExactly(401, 200);
        }
        assertThat(delivery(otherOrder)).as("another venue's dead letter is left alone").isEqualTo("dead");
        assertThat(restaumatic.forOrder(otherOrder)).hasSize(1);
    }

    @Test
    void badOperationsRequestsAreRefusedAndChangeNothing() throws Exception {
        String venue = RestaumaticVenues.venue(restaumatic, "a-stale-api-token");
        String orderId = deadOrders(venue, 1).get(0);
        given().post("/admin/venues/{v}/pos/dead-letters/{o}/retry", venue, orderId).then().statusCode(401);
        given().get("/admin/pos/status").then().statusCode(401);
        retry(venue, "ord_unknown").statusCode(404).contentType("application/problem+json");
        retry("another-venue", orderId).statusCode(404);
        given().header("Authorization", TestCredentials.adminBearer()).header("X-Rotender-Operator", "<script>")
                .post("/admin/venues/{v}/pos/dead-letters/{o}/retry", venue, orderId).then().statusCode(400);
        for (String query : List.of("?from=yesterday", "?state=lost", "?limit=0", "?limit=5000")) {
            given().header("Authorization", TestCredentials.adminBearer()).get("/admin/venues/{v}/pos/dead-letters" + query, venue)
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().header("Authorization", TestCredentials.adminBearer()).contentType("application/json")
                .body(Map.of("from", "2026-11-30T10:00:00Z", "to", "2026-11-30T09:00:00Z"))
                .post("/admin/venues/{v}/pos/dead-letters/retry", venue).then().statusCode(400);
        given().header("Authorization", TestCredentials.adminBearer()).contentType("application/json")
                .body(Map.of("since", "2026-11-30T10:00:00Z")).post("/admin/venues/{v}/pos/dead-letters/retry", venue).then().statusCode(400);
        assertThat(delivery(orderId)).isEqualTo("dead");
        assertThat(TestDatabase.count("SELECT count(*) FROM forward_retry WHERE order_id = ?", orderId)).isZero();
        assertThat(restaumatic.forOrder(orderId)).hasSize(1);
    }
}
