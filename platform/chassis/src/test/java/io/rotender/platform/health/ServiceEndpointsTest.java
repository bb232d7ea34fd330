package io.rotender.platform.health;

import io.quarkus.test.junit.QuarkusTest;
import io.rotender.platform.testing.ServiceEndpointsContract;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class ServiceEndpointsTest extends ServiceEndpointsContract {

    @Inject
    Pool pool;
    @ConfigProperty(name = "quarkus.datasource.reactive.max-size")
    int poolSize;

    @Test
    void openApiDescribesTheSampleEndpoints() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/widgets/{id}"));
    }

    @Test
    void readinessStaysUpWhileEveryPooledConnectionIsBusy() {
        List<SqlConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < poolSize; i++) {
                held.add(pool.getConnection().await().atMost(Duration.ofSeconds(10)));
            }
            // one more asker waits in the pool's queue until a held connection comes back (and closes it then)
            AtomicBoolean served = new AtomicBoolean();
            pool.getConnection().subscribe().with(c -> {
                served.set(true);
                c.close().subscribe().with(ok -> { }, e -> { });
            }, e -> { });

            given().get("/q/health/ready").then().statusCode(200)
                    .body("status", is("UP"))
                    .body("checks.name", hasItem(DatabaseReadiness.NAME));
            assertThat(served).as("the pool was exhausted during the check").isFalse();
        } finally {
            held.forEach(c -> c.closeAndAwait());
        }
    }
}
