package io.rotender.order;

import io.quarkus.test.junit.QuarkusTest;
import io.rotender.platform.testing.ServiceEndpointsContract;

@QuarkusTest
class ServiceEndpointsTest extends ServiceEndpointsContract {
}
