package io.rotender.platform.testing;

import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/**
 * What every Rotender service answers, checked against the running service with its real database and
 * broker: readiness with both dependencies, liveness, Prometheus metrics with the outbox backlog, OpenAPI,
 * and a problem+json 404 for a path nobody serves. A service's test extends it with {@code @QuarkusTest}.
 */
public abstract class ServiceEndpointsContract {

    @Test
    void readinessChecksTheDatabaseAndKafka() {
        given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem(containsString("Reactive PostgreSQL")))
                .body("checks.name", hasItem(containsString("Kafka")));
    }

    @Test
    void livenessAndStartupAreUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void metricsIncludeTheOutboxBacklog() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("rotender_outbox_pending"))
                .body(containsString("rotender_outbox_published_total"));
    }

    @Test
    void openApiIsServed() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("\"openapi\""));
    }

    @Test
    void unknownPathIsAProblem() {
        given().get("/surely/not/here").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", is(404));
    }
}
