package io.rotender.platform.health;

import io.quarkus.test.junit.QuarkusTest;
import io.rotender.platform.testing.ServiceEndpointsContract;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
class ServiceEndpointsTest extends ServiceEndpointsContract {

    @Test
    void openApiDescribesTheSampleEndpoints() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/widgets/{id}"));
    }
}
