package io.rotender.order.limits;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rotender.order.PartnerAtVenue;
import io.rotender.platform.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.rotender.order.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/** Order creation and code attempts beyond the rate limits are a 429 with Retry-After, and change nothing. */
@QuarkusTest
@TestProfile(OrderRateLimitTest.LowLimits.class)
class OrderRateLimitTest extends PartnerAtVenue {

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "rotender.orders.rate-limits.orders-per-venue.burst", "3",
                    "rotender.orders.rate-limits.orders-per-venue.per-second", "0.01",
                    "rotender.orders.rate-limits.codes-per-partner.burst", "2",
                    "rotender.orders.rate-limits.codes-per-partner.per-second", "0.01");
        }
    }


    private static Map<String, Object> order(String venue) {
        return Map.of("venue_id", venue, "customer", Map.of("first_name", "Winter", "last_name", "Mute"), "drink_id", "vodka-soda");
    }

    @Test
    void ordersBeyondTheVenueLimitAre429AndNothingIsStored() {
        for (int i = 0; i < 3; i++) {
            as(key).body(order(venue)).post("/venues/{v}/orders", venue).then().statusCode(201);
        }
        // an invalid body is refused for what it is and does not use up the limit
        as(key).body(Map.of("customer", Map.of())).post("/venues/{v}/orders", venue).then().statusCode(400);
        as(key).body(order(venue)).post("/venues/{v}/orders", venue).then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("limit", is("orders-per-venue"));
        assertThat(TestDatabase.count("SELECT count(*) FROM orders WHERE venue_id = ?", venue)).isEqualTo(3);
    }

    @Test
    void codeAttemptsBeyondThePartnerLimitAre429() {
        String orderId = as(key).body(order(venue)).post("/venues/{v}/orders", venue).then().statusCode(201).extract().path("id");
        String code = fx.codeOnScreen("unit-1", orderId, 1);
        String wrong = code.equals("0000") ? "1111" : "0000";
        for (int i = 0; i < 2; i++) {
            as(key).body(Map.of("status", "ready", "code", wrong)).put("/venues/{v}/orders/{o}", venue, orderId).then().statusCode(422);
        }
        as(key).body(Map.of("status", "ready", "code", code)).put("/venues/{v}/orders/{o}", venue, orderId)
                .then().statusCode(429).header("Retry-After", notNullValue()).body("limit", is("codes-per-partner"));
        // the refused attempt, even with the right code, was not tried nor counted against the order's own limit
        assertThat(TestDatabase.count("SELECT count(*) FROM orders WHERE id = ? AND code_attempts = 2", orderId)).isEqualTo(1);
    }
}
