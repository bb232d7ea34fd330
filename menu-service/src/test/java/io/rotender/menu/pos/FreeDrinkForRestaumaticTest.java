package io.rotender.menu.pos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.rotender.platform.events.EventEnvelope;
import io.rotender.platform.testing.KafkaTestClient;
import io.rotender.platform.testing.TestDatabase;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.rotender.menu.Fixtures.admin;
import static io.rotender.menu.Fixtures.drink;
import static io.rotender.menu.Fixtures.line;
import static io.rotender.menu.Fixtures.venueWithTwoDrinks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

/**
 * Restaumatic requires a positive grossUnitPrice (seed 001): a venue that proxy-connectors says forwards to
 * Restaumatic ({@code VenuePosChanged} on {@code rotender.connectors.pos}) cannot price a drink it sells at
 * 0.00; the refusal names the drink and changes nothing. PORTOS venues and inactive drinks are not concerned.
 */
@QuarkusTest
class FreeDrinkForRestaumaticTest {

    @Inject
    ObjectMapper mapper;
    @RegisterExtension
    final KafkaTestClient kafka = KafkaTestClient.perTest();

    private void posOf(String venue, String pos) throws Exception {
        kafka.send("rotender.connectors.pos", venue, mapper.writeValueAsString(EventEnvelope.of("VenuePosChanged", "test", venue,
                Map.of("venueId", venue, "pos", pos), mapper)));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> TestDatabase.count("SELECT count(*) FROM venue_pos WHERE venue_id = ? AND pos = ?", venue, pos) == 1);
    }

    private static Map<String, Object> priced(String price, Boolean active) {
        Map<String, Object> body = new HashMap<>(drink("Vodka Soda", price, List.of(line("vodka", 40), line("soda", 120))));
        if (active != null) {
            body.put("active", active);
        }
        return body;
    }

    @Test
    void restaumaticVenueCannotSellADrinkForNothing() throws Exception {
        String venue = venueWithTwoDrinks();
        posOf(venue, "restaumatic");
        long events = TestDatabase.count("SELECT count(*) FROM outbox_event WHERE msg_key = ?", venue + "/vodka-soda");

        admin().body(priced("0.00", null)).put("/admin/venues/{v}/drinks/{d}", venue, "vodka-soda")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", is("https://rotender.io/problems/free-drink-for-restaumatic"))
                .body("free_drinks", contains("vodka-soda"))
                .body("invalid_params.name", contains("price"));

        assertThat(TestDatabase.query("SELECT price FROM drink WHERE venue_id = ? AND id = 'vodka-soda'", venue).get(0).get("price"))
                .isEqualTo(new BigDecimal("20.00"));
        assertThat(TestDatabase.count("SELECT count(*) FROM outbox_event WHERE msg_key = ?", venue + "/vodka-soda")).isEqualTo(events);

        // a drink not sold may be free; a priced one is fine
        admin().body(priced("0.00", false)).put("/admin/venues/{v}/drinks/{d}", venue, "vodka-soda").then().statusCode(200);
        admin().body(priced("0.50", true)).put("/admin/venues/{v}/drinks/{d}", venue, "vodka-soda").then().statusCode(200);
    }

    @Test
    void portosVenueMayGiveADrinkAway() throws Exception {
        String venue = venueWithTwoDrinks();
        posOf(venue, "portos");
        admin().body(priced("0.00", null)).put("/admin/venues/{v}/drinks/{d}", venue, "vodka-soda").then().statusCode(200);
    }

    @Test
    void aVenueMovedOffRestaumaticMayGiveADrinkAwayAgain() throws Exception {
        String venue = venueWithTwoDrinks();
        posOf(venue, "restaumatic");
        admin().body(priced("0.00", null)).put("/admin/venues/{v}/drinks/{d}", venue, "vodka-soda").then().statusCode(422);
        posOf(venue, "portos");
        admin().body(priced("0.00", null)).put("/admin/venues/{v}/drinks/{d}", venue, "vodka-soda").then().statusCode(200);
    }
}
