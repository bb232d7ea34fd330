package io.rotender.order.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.rotender.order.PartnerAtVenue;
import io.rotender.platform.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.rotender.order.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The OpenAPI document's examples ({@link OrderExamples}) are what the service does: the request examples are accepted
 * as they stand (only the venue and the code replaced by this test's), and each answer has the example's fields, the
 * problems the example's type, title, status and detail.
 */
@QuarkusTest
class OrderExamplesTest extends PartnerAtVenue {


    private JsonNode example(String json) throws Exception {
        return mapper.readTree(json);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void theCreateAndReadyExamplesPlaceAndPourAnOrderAsTheyShow() throws Exception {
        ObjectNode create = (ObjectNode) example(OrderExamples.CREATE);
        create.put("venue_id", venue);
        JsonNode created = mapper.readTree(as(key).body(create.toString()).post("/venues/{v}/orders", venue)
                .then().statusCode(201).extract().asString());
        JsonNode example = example(OrderExamples.CREATED);
        assertThat(names(created)).containsAll(names(example));
        assertThat(created.path("status").asText()).isEqualTo(example.path("status").asText());
        assertThat(names(created.path("items").get(0))).containsExactlyInAnyOrderElementsOf(names(example.path("items").get(0)));
        assertThat(names(created.path("unit"))).containsExactlyInAnyOrderElementsOf(names(example.path("unit")));
        assertThat(created.path("instructions").asText()).startsWith("Walk to ").contains("enter the 4-digit code");

        String orderId = created.path("id").asText();
        ObjectNode wrong = (ObjectNode) example(OrderExamples.READY);
        String code = fx.codeOnScreen("unit-1", orderId, 1);
        wrong.put("code", code.equals("0000") ? "0001" : "0000");
        JsonNode problem = mapper.readTree(as(key).body(wrong.toString()).put("/venues/{v}/orders/{o}", venue, orderId)
                .then().statusCode(422).extract().asString());
        JsonNode wrongCode = example(OrderExamples.WRONG_CODE);
        for (String field : List.of("type", "title", "status", "detail")) {
            assertThat(problem.path(field)).as(field).isEqualTo(wrongCode.path(field));
        }
        assertThat(problem.path("remaining_attempts").isInt()).isTrue();

        ObjectNode ready = (ObjectNode) example(OrderExamples.READY);
        ready.put("code", code);
        as(key).body(ready.toString()).put("/venues/{v}/orders/{o}", venue, orderId).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.is("ready"));
    }

    @Test
    void theOutOfStockExampleIsTheProblemOfADrinkNoUnitCanPour() throws Exception {
        fx.send("rotender.inventory.availability", venue + "/vodka-soda", "DrinkAvailabilityChanged", Map.of("venueId", venue,
                "drinkId", "vodka-soda", "available", false, "pourable", 0, "stockLevel", "oos", "units", List.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.count(
                "SELECT count(*) FROM drink_availability WHERE venue_id = ? AND drink_id = 'vodka-soda' AND NOT available", venue) == 1);
        ObjectNode create = (ObjectNode) example(OrderExamples.CREATE);
        create.put("venue_id", venue);
        JsonNode problem = mapper.readTree(as(key).body(create.toString()).post("/venues/{v}/orders", venue)
                .then().statusCode(409).extract().asString());
        JsonNode example = example(OrderExamples.OUT_OF_STOCK);
        for (String field : names(example)) {
            assertThat(problem.path(field)).as(field).isEqualTo(example.path(field));
        }
    }
}
