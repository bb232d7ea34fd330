package io.rotender.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/**
 * What every Rotender service answers, checked against the running service with its real database and
 * broker: readiness with both dependencies, liveness, Prometheus metrics with the outbox backlog, OpenAPI,
 * and a problem+json 404 for a path nobody serves, and the OpenAPI document it serves is the one committed under
 * {@code docs/openapi/} ({@link #committedOpenApi()}). A service's test extends it with {@code @QuarkusTest}.
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

    /**
     * Where the service's OpenAPI document is committed ({@code docs/openapi/<service>.json} from the repository root),
     * or empty where none is kept (the chassis' sample service).
     */
    protected Optional<Path> committedOpenApi() {
        return Optional.empty();
    }

    /**
     * The served document equals the committed one (as JSON trees: key order and layout aside), so a partner's client
     * generated from the file matches what the service answers. After a deliberate API change, run the service's
     * {@code ServiceEndpointsTest} with {@code -Drotender.openapi.write=true}: it writes the served document to the file,
     * to review and commit with the change.
     */
    @Test
    void theServedOpenApiIsTheCommittedDocument() throws Exception {
        Optional<Path> file = committedOpenApi();
        Assumptions.assumeTrue(file.isPresent(), "no OpenAPI document is committed for this service");
        ObjectMapper mapper = new ObjectMapper();
        JsonNode served = mapper.readTree(given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
        if (Boolean.getBoolean("rotender.openapi.write")) {
            Files.createDirectories(file.get().getParent());
            Files.writeString(file.get(), mapper.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n");
        }
        assertThat(file.get()).as("the committed OpenAPI document (write it with -Drotender.openapi.write=true)").exists();
        JsonNode committed = mapper.readTree(Files.readString(file.get()));
        List<String> differences = new ArrayList<>();
        differences("", committed, served, differences);
        assertThat(differences).as("where the served OpenAPI document differs from " + file.get()
                + " (after a deliberate change: -Drotender.openapi.write=true, review, commit)").isEmpty();
    }

    private static void differences(String at, JsonNode committed, JsonNode served, List<String> out) {
        if (out.size() >= 20 || committed.equals(served)) {
            return;
        }
        if (committed.isObject() && served.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            committed.fieldNames().forEachRemaining(names::add);
            served.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String path = at + "/" + name.replace("~", "~0").replace("/", "~1");
                if (!committed.has(name)) {
                    out.add(path + ": served, not committed");
                } else if (!served.has(name)) {
                    out.add(path + ": committed, no longer served");
                } else {
                    differences(path, committed.get(name), served.get(name), out);
                }
            }
            return;
        }
        if (committed.isArray() && served.isArray() && committed.size() == served.size()) {
            Iterator<JsonNode> c = committed.elements();
            Iterator<JsonNode> s = served.elements();
            for (int i = 0; c.hasNext(); i++) {
                differences(at + "/" + i, c.next(), s.next(), out);
            }
            return;
        }
        out.add(at + ": committed " + committed + ", served " + served);
    }

    @Test
    void unknownPathIsAProblem() {
        given().get("/surely/not/here").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", is(404));
    }
}
