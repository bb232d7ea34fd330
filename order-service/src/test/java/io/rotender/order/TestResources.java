package io.rotender.order;

import io.quarkus.test.common.QuarkusTestResource;
import io.rotender.platform.testing.PlatformTestResource;

/** One real PostgreSQL and one real Kafka broker for every test of this service. */
@QuarkusTestResource(value = PlatformTestResource.class, restrictToAnnotatedClass = false)
public class TestResources {
}
