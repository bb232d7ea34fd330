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
}
