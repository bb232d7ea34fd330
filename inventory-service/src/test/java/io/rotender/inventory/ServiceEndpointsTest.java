package io.rotender.inventory;

import io.quarkus.test.junit.QuarkusTest;
import io.rotender.platform.testing.ServiceEndpointsContract;

import java.nio.file.Path;
import java.util.Optional;

@QuarkusTest
class ServiceEndpointsTest extends ServiceEndpointsContract {

    @Override
    protected Optional<Path> committedOpenApi() {
        return Optional.of(Path.of("..", "docs", "openapi", "inventory-service.json"));
    }
}
