package io.rotender.menu;

import io.restassured.specification.RequestSpecification;
import io.rotender.platform.testing.TestCredentials;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Sets up catalog data through the real admin API, as an operator would. */
public final class Fixtures {

    private Fixtures() {
    }

    public static RequestSpecification admin() {
        return given().header("Authorization", TestCredentials.adminBearer()).contentType("application/json");
    }

    public static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A venue with ingredients vodka, soda, gin, tonic and drinks vodka-soda and gin-tonic. */
    public static String venueWithTwoDrinks() {
        String venue = newId("venue");
        admin().body(Map.of("name", "Bar " + venue, "currency", "EUR", "timezone", "Europe/Warsaw"))
                .put("/admin/venues/{v}", venue).then().statusCode(201);
        for (String[] ingredient : new String[][]{{"vodka", "Vodka"}, {"soda", "Soda"}, {"gin", "Gin"}, {"tonic", "Tonic"}}) {
            admin().body(Map.of("name", ingredient[1])).put("/admin/venues/{v}/ingredients/{i}", venue, ingredient[0])
                    .then().statusCode(201);
        }
        admin().body(drink("Vodka Soda", "20.00", List.of(line("vodka", 40), line("soda", 120))))
                .put("/admin/venues/{v}/drinks/{d}", venue, "vodka-soda").then().statusCode(201);
        admin().body(drink("Gin Tonic", "22.50", List.of(line("gin", 50), line("tonic", 150))))
                .put("/admin/venues/{v}/drinks/{d}", venue, "gin-tonic").then().statusCode(201);
        return venue;
    }

    public static Map<String, Object> drink(String name, String price, List<Map<String, Object>> recipe) {
        return Map.of("name", name, "price", new java.math.BigDecimal(price), "category", "highball",
                "imageUrl", "https://img.example/" + name.replace(' ', '-') + ".png", "alcoholic", true, "recipe", recipe);
    }

    public static Map<String, Object> line(String ingredientId, int ml) {
        return Map.of("ingredientId", ingredientId, "ml", ml);
    }

    /** A partner scoped to the venues, and a fresh key for it. */
    public static String partnerKey(String... venues) {
        String partner = newId("partner");
        admin().body(Map.of("name", "App " + partner, "venues", List.of(venues)))
                .put("/admin/partners/{p}", partner).then().statusCode(201);
        return admin().post("/admin/partners/{p}/keys", partner).then().statusCode(201).extract().path("key");
    }
}
