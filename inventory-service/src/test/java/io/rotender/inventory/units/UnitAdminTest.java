package io.rotender.inventory.units;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.rotender.inventory.Fixtures;
import io.rotender.platform.testing.TestDatabase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.rotender.inventory.Fixtures.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class UnitAdminTest {

    @Inject
    ObjectMapper mapper;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static Map<String, Object> slot(String ingredient, int capacity, int level) {
        return Map.of("ingredientId", ingredient, "capacityMl", capacity, "levelMl", level);
    }

    @Test
    void unitIsUpsertedIdempotentlyWithItsSlots() {
        String venue = Fixtures.newId("adm");
        String unit = venue + "-u";
        admin().body(Map.of("name", "Front", "location", "Entrance", "slots", List.of(slot("vodka", 1000, 700))))
                .put("/admin/venues/{v}/units/{u}", venue, unit).then().statusCode(201)
                .body("slots[0].availableMl", is(700));
        admin().body(Map.of("name", "Front", "location", "Entrance, left", "slots", List.of(slot("vodka", 1000, 650), slot("gin", 700, 700))))
                .put("/admin/venues/{v}/units/{u}", venue, unit).then().statusCode(200)
                .body("location", is("Entrance, left"))
                .body("slots.ingredientId", hasItem("gin"));
        admin().get("/admin/venues/{v}/units/{u}", venue, unit).then().statusCode(200).body("slots.size()", is(2));
        admin().get("/admin/venues/{v}/units", venue).then().statusCode(200).body("size()", is(1));
        admin().get("/admin/venues/{v}/units/{u}", "other-venue", unit).then().statusCode(404);
    }

    @Test
    void invalidRequestsChangeNothing() {
        String venue = Fixtures.newId("adm");
        String unit = venue + "-u";
        admin().body(Map.of("name", "Front", "slots", List.of(slot("vodka", 1000, 1200))))
                .put("/admin/venues/{v}/units/{u}", venue, unit).then().statusCode(400)
                .contentType("application/problem+json");
        admin().body(Map.of("name", "Front", "slots", List.of(slot("vodka", 1000, 100), slot("vodka", 1000, 100))))
                .put("/admin/venues/{v}/units/{u}", venue, unit).then().statusCode(400);
        admin().body(Map.of("name", "", "slots", List.of())).put("/admin/venues/{v}/units/{u}", venue, unit)
                .then().statusCode(400).body("invalid_params.name", hasItem("name"));
        given().contentType("application/json").body(Map.of("name", "Front", "slots", List.of()))
                .put("/admin/venues/{v}/units/{u}", venue, unit).then().statusCode(401);
        assertThat(TestDatabase.count("SELECT count(*) FROM unit WHERE id = ?", unit)).isZero();
        admin().body(Map.of("ingredientId", "vodka", "addMl", 10)).post("/admin/units/{u}/refills", "no-such-unit")
                .then().statusCode(404);
    }

    @Test
    void reservedStockCannotBeTakenAway() {
        try (Fixtures fx = new Fixtures(bootstrap, mapper)) {
            String venue = Fixtures.newId("adm");
            String unit = venue + "-u";
            fx.catalog(venue, 1, 2, Map.of("shot", Map.of("vodka", 40)));
            fx.unit(venue, unit, Map.of("vodka", 400));
            fx.reserve(venue, venue + "-o1", Map.of("shot", 5));
            fx.eventsFor(Fixtures.EVENTS, venue + "-o1", 1);

            admin().body(Map.of("ingredientId", "vodka", "levelMl", 100, "reason", "spilled"))
                    .post("/admin/units/{u}/corrections", unit).then().statusCode(409)
                    .body("type", is("https://rotender.io/problems/level-below-reserved"));
            admin().body(Map.of("name", "Unit", "slots", List.of())).put("/admin/venues/{v}/units/{u}", venue, unit)
                    .then().statusCode(409).body("type", is("https://rotender.io/problems/slot-in-use"));
            admin().body(Map.of("ingredientId", "vodka", "addMl", 1700)).post("/admin/units/{u}/refills", unit)
                    .then().statusCode(422);
            assertThat(TestDatabase.count("SELECT level_ml FROM slot WHERE unit_id = ?", unit)).isEqualTo(400);

            admin().body(Map.of("ingredientId", "vodka", "levelMl", 250, "reason", "measured"))
                    .post("/admin/units/{u}/corrections", unit).then().statusCode(200)
                    .body("slots[0].levelMl", is(250)).body("slots[0].reservedMl", is(200));
        }
    }
}
