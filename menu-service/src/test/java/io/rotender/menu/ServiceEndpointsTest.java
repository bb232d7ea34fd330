package io.rotender.menu;

import io.quarkus.test.junit.QuarkusTest;
import io.rotender.platform.testing.ServiceEndpointsContract;

@QuarkusTest
class ServiceEndpointsTest extends ServiceEndpointsContract {
}
