package io.rotender.systemtests.security;

import java.util.List;

/** Where the running services listen. */
record Targets(String menu, String inventory, String orders, String connectors, String simulator) {

    List<String> services() {
        return List.of(menu, inventory, orders, connectors);
    }
}
