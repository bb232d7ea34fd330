package io.rotender.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Starts a real PostgreSQL and a real Kafka broker (in parallel) for a service's {@code @QuarkusTest}s and
 * hands their coordinates to Quarkus. Register it once per module with
 * {@code @QuarkusTestResource(value = PlatformTestResource.class, restrictToAnnotatedClass = false)}.
 * Tests reach the same broker and database through the configuration it returns
 * ({@code kafka.bootstrap.servers}, {@code quarkus.datasource.*}).
 */
public class PlatformTestResource implements QuarkusTestResourceLifecycleManager {

    private TestPostgres postgres;
    private TestKafka kafka;

    @Override
    public Map<String, String> start() {
        CompletableFuture<TestPostgres> pg = CompletableFuture.supplyAsync(TestPostgres::start);
        CompletableFuture<TestKafka> broker = CompletableFuture.supplyAsync(TestKafka::start);
        postgres = pg.join();
        kafka = broker.join();
        Map<String, String> config = new HashMap<>();
        config.putAll(postgres.quarkusConfig());
        config.putAll(kafka.quarkusConfig());
        config.put("rotender.security.admin-token-hashes", TestCredentials.sha256(TestCredentials.ADMIN_TOKEN));
        return config;
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
