package io.rotender.platform.problem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class ProblemMappersTest {

    @Test
    void malformedJsonIsABadRequestProblem() {
        given().contentType("application/json").body("{\"display_name\": ")
                .put("/widgets/x1")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", containsString("malformed-json"));
    }

    @Test
    void wrongTypeNamesTheJsonField() {
        given().contentType("application/json").body("{\"display_name\": \"ok\", \"parts\": [{\"part_count\": \"many\"}]}")
                .put("/widgets/x2")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("invalid_params.name", hasItem("parts[0].part_count"));
        given().contentType("application/json").body("{\"display_name\":\"ok\",\"parts\":[{\"part_count\":\"\"}]}")
                .put("/widgets/x10")
                .then().statusCode(400)
                .body("invalid_params.name", hasItem("parts[0].part_count"));
        given().contentType("application/json").body("{\"display_name\":\"ok\"}{\"display_name\":\"ok\"}")
                .put("/widgets/x10")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void constraintViolationsNameEveryJsonField() {
        given().contentType("application/json")
                .body(Map.of("display_name", "", "parts", List.of(Map.of("part_count", 0))))
                .put("/widgets/x3")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", containsString("invalid-request"))
                .body("invalid_params.name", hasItem("display_name"))
                .body("invalid_params.name", hasItem("parts[0].part_count"));
        given().contentType("application/json").body("{\"display_name\":\"ok\",\"parts\":[{\"part_count\":\"\"}]}")
                .put("/widgets/x10")
                .then().statusCode(400)
                .body("invalid_params.name", hasItem("parts[0].part_count"));
        given().contentType("application/json").body("{\"display_name\":\"ok\"}{\"display_name\":\"ok\"}")
                .put("/widgets/x10")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void missingBodyIsABadRequestProblem() {
        given().contentType("application/json")
                .put("/widgets/x4")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void unexpectedFailureHidesItsCause() {
        given().get("/widgets/boom")
                .then().statusCode(500)
                .contentType("application/problem+json")
                .body("error_id", notNullValue())
                .body(not(containsString("internal detail")))
                .body(not(containsString("at io.")));
    }

    @Test
    void wrongMethodAndContentTypeAreProblems() {
        given().delete("/widgets/x5")
                .then().statusCode(405)
                .contentType("application/problem+json");
        given().contentType("text/plain").body("hello")
                .put("/widgets/x5")
                .then().statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void unknownFieldIsABadRequestNamingIt() {
        given().contentType("application/json").body(Map.of("display_name", "Gear", "dispaly_name", "typo"))
                .put("/widgets/x6")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("invalid_params.name", hasItem("dispaly_name"))
                .body("invalid_params.reason", hasItem("unknown field"));
        given().contentType("application/json").body(Map.of("display_name", "Gear", "parts", List.of(Map.of("part_count", 1, "colour", "red"))))
                .put("/widgets/x6")
                .then().statusCode(400)
                .body("invalid_params.name", hasItem("parts[0].colour"));
    }

    @Test
    void oversizedBodyIsA413Problem() {
        String big = "{\"display_name\":\"" + "x".repeat(70 * 1024) + "\"}";
        given().contentType("application/json").body(big)
                .put("/widgets/x7")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("status", org.hamcrest.Matchers.is(413));
    }

    @Test
    void deeplyNestedJsonIsABadRequestNotACrash() {
        String nested = "{\"display_name\":\"n\",\"parts\":" + "[".repeat(1200) + "]".repeat(1200) + "}";
        given().contentType("application/json").body(nested)
                .put("/widgets/x8")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void controlCharactersBrokenSurrogatesAndDuplicateFieldsAreBadRequests() {
        given().contentType("application/json").body("{\"display_name\":\"a\\u0000b\"}")
                .put("/widgets/x9")
                .then().statusCode(400)
                .body("invalid_params.name", hasItem("display_name"))
                .body("invalid_params.reason", hasItem(io.rotender.platform.json.SafeText.REASON));
        given().contentType("application/json").body("{\"display_name\":\"\\ud800x\"}")
                .put("/widgets/x9")
                .then().statusCode(400)
                .body("invalid_params.name", hasItem("display_name"));
        given().contentType("application/json").body("{\"display_name\":\"a\",\"display_name\":\"b\"}")
                .put("/widgets/x9")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("display_name"));
        given().contentType("application/json").body("{\"display_name\":\"Zo\u00eb \ud83c\udf78 \u05e9\u05dc\u05d5\u05dd\"}")
                .put("/widgets/x9")
                .then().statusCode(200);
    }

    @Test
    void scalarsAreNotConvertedBetweenTypes() {
        given().contentType("application/json").body("{\"display_name\":123}")
                .put("/widgets/x10")
                .then().statusCode(400)
                .body("invalid_params.name", hasItem("display_name"));
        given().contentType("application/json").body("{\"display_name\":\"ok\",\"parts\":[{\"part_count\":\"2\"}]}")
                .put("/widgets/x10")
                .then().statusCode(400)
                .body("invalid_params.name", hasItem("parts[0].part_count"));
        given().contentType("application/json").body("{\"display_name\":\"ok\",\"parts\":[{\"part_count\":\"\"}]}")
                .put("/widgets/x10")
                .then().statusCode(400)
                .body("invalid_params.name", hasItem("parts[0].part_count"));
        given().contentType("application/json").body("{\"display_name\":\"ok\"}{\"display_name\":\"ok\"}")
                .put("/widgets/x10")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }
}
