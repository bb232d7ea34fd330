package io.rotender.menu.menu;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.rotender.platform.events.EventEnvelope;
import io.rotender.platform.testing.KafkaTestClient;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.rotender.menu.Fixtures.partnerKey;
import static io.rotender.menu.Fixtures.venueWithTwoDrinks;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * The partner menu in the v1 wire format, fed by availability events on the real topic (as
 * inventory-service publishes them).
 */
@QuarkusTest
class PartnerMenuTest {

    private static final String TOPIC = "rotender.inventory.availability";

    @Inject
    ObjectMapper mapper;
    @RegisterExtension
    final KafkaTestClient kafka = KafkaTestClient.perTest();

    private void availability(String venue, String drink, boolean available, int pourable, String level) throws Exception {
        var data = Map.of("venueId", venue, "drinkId", drink, "available", available, "pourable", pourable,
                "stockLevel", level, "units", available ? List.of("unit-1") : List.of());
        kafka.send(TOPIC, venue + "/" + drink,
                mapper.writeValueAsString(EventEnvelope.of("DrinkAvailabilityChanged", "test", venue + "/" + drink, data, mapper)));
    }

    private List<String> menuDrinkIds(String key, String venue) {
        return given().header("Authorization", "Bearer " + key).get("/venues/{v}", venue)
                .then().statusCode(200).extract().jsonPath().getList("drinks.id", String.class);
    }

    @Test
    void menuListsOnlyDrinksThatCanBePouredNow() throws Exception {
        String venue = venueWithTwoDrinks();
        String key = partnerKey(venue);

        given().header("Authorization", "Bearer " + key).get("/venues/{v}", venue)
                .then().statusCode(200).body("id", is(venue)).body("drinks", empty());
        given().header("Authorization", "Bearer " + key).queryParam("include", "unavailable").get("/venues/{v}", venue)
                .then().statusCode(200)
                .body("drinks.id", containsInAnyOrder("vodka-soda", "gin-tonic"))
                .body("drinks.available", contains(false, false))
                .body("drinks.ingredient_stock_level", contains("oos", "oos"));

        long sent = System.nanoTime();
        availability(venue, "vodka-soda", true, 25, "high");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> menuDrinkIds(key, venue).contains("vodka-soda"));
        System.out.printf("menu propagation: availability event to menu in %d ms%n", (System.nanoTime() - sent) / 1_000_000);

        given().header("Authorization", "Bearer " + key).get("/venues/{v}", venue)
                .then().statusCode(200)
                .body("drinks.id", contains("vodka-soda"))
                .body("drinks[0].name", is("Vodka Soda"))
                .body("drinks[0].price", is(20.00f))
                .body("drinks[0].ingredients", contains("Vodka", "Soda"))
                .body("drinks[0].ingredient_stock_level", is("high"))
                .body("currency", is("EUR"));

        availability(venue, "vodka-soda", false, 0, "oos");
        await().atMost(Duration.ofSeconds(20)).until(() -> menuDrinkIds(key, venue).isEmpty());
    }

    @Test
    void drinkShowsItsStockLevelAndImage() throws Exception {
        String venue = venueWithTwoDrinks();
        String key = partnerKey(venue);
        availability(venue, "gin-tonic", true, 3, "low");
        await().atMost(Duration.ofSeconds(20)).until(() -> "low".equals(given().header("Authorization", "Bearer " + key)
                .get("/venues/{v}/drinks/{d}", venue, "gin-tonic").then().extract().path("ingredient_stock_level")));
        given().header("Authorization", "Bearer " + key).get("/venues/{v}/drinks/{d}", venue, "gin-tonic")
                .then().statusCode(200)
                .body("id", is("gin-tonic"))
                .body("price", is(22.50f))
                .body("ingredients", contains("Gin", "Tonic"))
                .body("imageUrl", is("https://img.example/Gin-Tonic.png"))
                .body("available", is(true));
        given().header("Authorization", "Bearer " + key).get("/venues/{v}/drinks/{d}", venue, "no-such-drink")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void everyDrinkHasTheImageUrlV1Requires() throws Exception {
        String venue = venueWithTwoDrinks();
        String key = partnerKey(venue);
        java.util.Map<String, Object> noImage = new java.util.HashMap<>(io.rotender.menu.Fixtures.drink("Plain Soda", "5.00",
                List.of(io.rotender.menu.Fixtures.line("soda", 200))));
        noImage.remove("imageUrl");
        io.rotender.menu.Fixtures.admin().body(noImage).put("/admin/venues/{v}/drinks/{d}", venue, "plain-soda").then().statusCode(201);
        // no image of its own, no venue default: the documented placeholder, never a missing field
        given().header("Authorization", "Bearer " + key).get("/venues/{v}/drinks/{d}", venue, "plain-soda")
                .then().statusCode(200).body("imageUrl", is("https://static.rotender.io/drinks/placeholder.png"));
        // the venue's default image, once it has one; a drink's own image still wins
        io.rotender.menu.Fixtures.admin().body(Map.of("name", "Bar " + venue, "currency", "EUR", "timezone", "Europe/Warsaw",
                        "settings", Map.of("defaultImageUrl", "https://img.example/house.png")))
                .put("/admin/venues/{v}", venue).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> "https://img.example/house.png".equals(given()
                .header("Authorization", "Bearer " + key).get("/venues/{v}/drinks/{d}", venue, "plain-soda")
                .then().extract().path("imageUrl")));
        given().header("Authorization", "Bearer " + key).queryParam("include", "unavailable").get("/venues/{v}", venue)
                .then().statusCode(200).body("drinks.find { it.id == 'gin-tonic' }.imageUrl", is("https://img.example/Gin-Tonic.png"));
        io.rotender.menu.Fixtures.admin().body(Map.of("name", "Bar " + venue, "currency", "EUR", "timezone", "Europe/Warsaw",
                        "settings", Map.of("defaultImageUrl", "javascript:alert(1)")))
                .put("/admin/venues/{v}", venue).then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void unitsOfTheVenueAreListed() throws Exception {
        String venue = venueWithTwoDrinks();
        String key = partnerKey(venue);
        var unit = Map.of("venueId", venue, "unitId", "u-bar", "name", "Bar unit", "location", "Main bar, left",
                "online", true, "removed", false);
        kafka.send(TOPIC, venue + "/units/u-bar",
                mapper.writeValueAsString(EventEnvelope.of("UnitStatusChanged", "test", "u-bar", unit, mapper)));
        await().atMost(Duration.ofSeconds(20)).until(() -> !given().header("Authorization", "Bearer " + key)
                .get("/venues/{v}", venue).then().extract().jsonPath().getList("units").isEmpty());
        given().header("Authorization", "Bearer " + key).get("/venues/{v}", venue)
                .then().body("units[0].id", is("u-bar")).body("units[0].location", is("Main bar, left"))
                .body("units[0].online", is(true));
    }

    @Test
    void partnersSeeOnlyTheirVenues() {
        String venue = venueWithTwoDrinks();
        String other = venueWithTwoDrinks();
        String key = partnerKey(venue);
        given().get("/venues/{v}", venue).then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + key).get("/venues/{v}", other).then().statusCode(403);
        given().header("Authorization", "Bearer " + key).get("/venues/{v}/drinks/{d}", other, "gin-tonic").then().statusCode(403);
        String scopedToUnknown = partnerKey("ghost-venue");
        given().header("Authorization", "Bearer " + scopedToUnknown).get("/venues/{v}", "ghost-venue").then().statusCode(404);
        given().header("Authorization", "Bearer " + key).queryParam("include", "everything").get("/venues/{v}", venue)
                .then().statusCode(400);
    }
}
