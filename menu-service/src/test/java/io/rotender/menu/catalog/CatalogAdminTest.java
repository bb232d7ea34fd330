package io.rotender.menu.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.rotender.contracts.Topics;
import io.rotender.platform.testing.KafkaTestClient;
import io.rotender.platform.testing.TestDatabase;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.rotender.menu.Fixtures.admin;
import static io.rotender.menu.Fixtures.drink;
import static io.rotender.menu.Fixtures.line;
import static io.rotender.menu.Fixtures.venueWithTwoDrinks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class CatalogAdminTest {

    @Inject
    ObjectMapper mapper;
    @RegisterExtension
    final KafkaTestClient kafka = KafkaTestClient.perTest();

    private List<JsonNode> catalogEvents(String key, int atLeast) {
        List<ConsumerRecord<String, String>> records = kafka.readUntil(Topics.MENU_CATALOG,
                all -> all.stream().filter(r -> key.equals(r.key())).count() >= atLeast, Duration.ofSeconds(30));
        return records.stream().filter(r -> key.equals(r.key())).map(r -> {
            try {
                return mapper.readTree(r.value());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void upsertsAreIdempotentAndPublishFullState() {
        String venue = venueWithTwoDrinks();
        admin().body(Map.of("name", "Renamed bar", "currency", "EUR", "timezone", "Europe/Warsaw",
                        "settings", Map.of("stockThresholds", Map.of("low", 3, "medium", 10), "requirePosAcceptance", true)))
                .put("/admin/venues/{v}", venue).then().statusCode(200)
                .body("name", is("Renamed bar"))
                .body("settings.stockThresholds.low", is(3))
                .body("settings.orderTtlMinutes", is(30));

        List<JsonNode> venueEvents = catalogEvents(venue, 2);
        JsonNode latest = venueEvents.get(venueEvents.size() - 1);
        assertThat(latest.get("type").asText()).isEqualTo("VenueUpserted");
        assertThat(latest.at("/data/name").asText()).isEqualTo("Renamed bar");
        assertThat(latest.at("/data/settings/requirePosAcceptance").asBoolean()).isTrue();

        JsonNode drink = catalogEvents(venue + "/vodka-soda", 1).get(0);
        assertThat(drink.get("type").asText()).isEqualTo("DrinkUpserted");
        assertThat(drink.at("/data/price").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(drink.at("/data/currency").asText()).isEqualTo("EUR");
        assertThat(drink.at("/data/recipe/0/ingredientName").asText()).isEqualTo("Vodka");
        assertThat(drink.at("/data/recipe/1/ml").asInt()).isEqualTo(120);
    }

    @Test
    void unknownIngredientIsRefusedAndChangesNothing() {
        String venue = venueWithTwoDrinks();
        admin().body(drink("Mystery", "10.00", List.of(line("vodka", 40), line("absinthe", 20))))
                .put("/admin/venues/{v}/drinks/{d}", venue, "mystery")
                .then().statusCode(422).contentType("application/problem+json")
                .body("invalid_params.name", hasItem("recipe[1].ingredientId"));
        assertThat(TestDatabase.count("SELECT count(*) FROM drink WHERE venue_id = ? AND id = 'mystery'", venue)).isZero();
        assertThat(TestDatabase.count("SELECT count(*) FROM outbox_event WHERE msg_key = ?", venue + "/mystery")).isZero();
    }

    @Test
    void badDrinksAreRefusedNamingTheField() {
        String venue = venueWithTwoDrinks();
        admin().body(drink("Cheap", "-1.00", List.of(line("vodka", 40))))
                .put("/admin/venues/{v}/drinks/{d}", venue, "cheap")
                .then().statusCode(400).body("invalid_params.name", hasItem("price"));
        admin().body(drink("Empty", "5.00", List.of()))
                .put("/admin/venues/{v}/drinks/{d}", venue, "empty")
                .then().statusCode(400).body("invalid_params.name", hasItem("recipe"));
        admin().body(drink("Zero", "5.00", List.of(line("vodka", 0))))
                .put("/admin/venues/{v}/drinks/{d}", venue, "zero")
                .then().statusCode(400).body("invalid_params.name", hasItem("recipe[0].ml"));
        admin().body(drink("Long id", "5.00", List.of(line("vodka", 10))))
                .put("/admin/venues/{v}/drinks/{d}", venue, "x".repeat(65))
                .then().statusCode(400).contentType("application/problem+json");
        admin().body(drink("Bad id", "5.00", List.of(line("vodka", 10))))
                .put("/admin/venues/{v}/drinks/{d}", venue, "bad id!")
                .then().statusCode(400).contentType("application/problem+json");
        admin().body(Map.of("name", "X", "currency", "euro", "timezone", "Mars/Olympus"))
                .put("/admin/venues/{v}", "venue-bad").then().statusCode(400)
                .body("invalid_params.name", hasItem("currency"));
        admin().body(Map.of("name", "X", "currency", "EUR", "timezone", "Mars/Olympus"))
                .put("/admin/venues/{v}", "venue-bad").then().statusCode(400)
                .body("invalid_params.name", hasItem("timezone"));
        assertThat(TestDatabase.count("SELECT count(*) FROM drink WHERE venue_id = ?", venue)).isEqualTo(2);
        assertThat(TestDatabase.count("SELECT count(*) FROM venue WHERE id = 'venue-bad'")).isZero();
    }

    @Test
    void drinkOfUnknownVenueIs404() {
        admin().body(drink("Lost", "5.00", List.of(line("vodka", 10))))
                .put("/admin/venues/{v}/drinks/{d}", "no-such-venue", "lost")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void removedDrinkIsPublishedAsRemoved() {
        String venue = venueWithTwoDrinks();
        admin().delete("/admin/venues/{v}/drinks/{d}", venue, "gin-tonic").then().statusCode(204);
        admin().delete("/admin/venues/{v}/drinks/{d}", venue, "gin-tonic").then().statusCode(404);
        List<JsonNode> events = catalogEvents(venue + "/gin-tonic", 2);
        assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("DrinkRemoved");
    }

    @Test
    void adminApiNeedsTheAdminCredential() {
        given().contentType("application/json").body(Map.of("name", "X", "currency", "EUR", "timezone", "UTC"))
                .put("/admin/venues/{v}", "sneaky").then().statusCode(401);
        assertThat(TestDatabase.count("SELECT count(*) FROM venue WHERE id = 'sneaky'")).isZero();
    }
}
