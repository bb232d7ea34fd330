package io.rotender.systemtests.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every endpoint the four services serve, with valid ids of the demo venue and a valid body template each.
 * The access matrix checks it against each service's OpenAPI document, so an endpoint added without an
 * entry here fails the check.
 */
final class Catalogue {

    static final String VENUE = "demo-bar";
    static final String ID_TOO_LONG = "x".repeat(65);

    private Catalogue() {
    }

    static List<Endpoint> all(Targets t, ObjectMapper mapper) {
        List<Endpoint> all = new ArrayList<>();
        // menu-service
        String menu = t.menu();
        all.add(ep("menu-service", menu, "PUT", "/admin/venues/{venueId}", Family.ADMIN, Map.of("venueId", VENUE),
                json(mapper, "{\"name\":\"Demo Bar\",\"currency\":\"EUR\",\"timezone\":\"Europe/Warsaw\","
                        + "\"settings\":{\"stockThresholds\":{\"low\":5,\"medium\":20},\"requirePosAcceptance\":false,"
                        + "\"orderTtlMinutes\":30,\"paymentHoldMinutes\":5}}"),
                "/currency", "/timezone"));
        all.add(ep("menu-service", menu, "GET", "/admin/venues/{venueId}", Family.ADMIN, Map.of("venueId", VENUE), null));
        all.add(ep("menu-service", menu, "PUT", "/admin/venues/{venueId}/ingredients/{ingredientId}", Family.ADMIN,
                Map.of("venueId", VENUE, "ingredientId", "vodka"), json(mapper, "{\"name\":\"Vodka\"}")));
        all.add(ep("menu-service", menu, "PUT", "/admin/venues/{venueId}/drinks/{drinkId}", Family.ADMIN,
                Map.of("venueId", VENUE, "drinkId", "vodka-soda"),
                json(mapper, "{\"name\":\"Vodka Soda\",\"description\":\"Vodka topped with soda water\",\"category\":\"highball\","
                        + "\"price\":18.0,\"imageUrl\":\"https://images.rotender.example/vodka-soda.png\",\"alcoholic\":true,"
                        + "\"active\":true,\"recipe\":[{\"ingredientId\":\"vodka\",\"ml\":40},{\"ingredientId\":\"soda\",\"ml\":120}]}"),
                "/imageUrl", "/recipe/0/ingredientId", "/recipe/1/ingredientId"));
        all.add(ep("menu-service", menu, "DELETE", "/admin/venues/{venueId}/drinks/{drinkId}", Family.ADMIN,
                Map.of("venueId", VENUE, "drinkId", ID_TOO_LONG), null));
        all.add(ep("menu-service", menu, "PUT", "/admin/partners/{partnerId}", Family.ADMIN, Map.of("partnerId", "demo-app"),
                json(mapper, "{\"name\":\"Demo ordering app\",\"venues\":[\"demo-bar\",\"demo-restaumatic\",\"demo-portos\"]}"),
                "/venues/0", "/venues/1", "/venues/2"));
        all.add(ep("menu-service", menu, "GET", "/admin/partners/{partnerId}", Family.ADMIN, Map.of("partnerId", "demo-app"), null));
        all.add(ep("menu-service", menu, "POST", "/admin/partners/{partnerId}/keys", Family.ADMIN, Map.of("partnerId", ID_TOO_LONG), null));
        all.add(ep("menu-service", menu, "DELETE", "/admin/partners/{partnerId}/keys/{keyId}", Family.ADMIN,
                Map.of("partnerId", "demo-app", "keyId", ID_TOO_LONG), null));
        all.add(ep("menu-service", menu, "GET", "/venues/{venueId}", Family.PARTNER, Map.of("venueId", VENUE), null,
                Map.of("include", "unavailable")));
        all.add(ep("menu-service", menu, "GET", "/venues/{venueId}/drinks/{drinkId}", Family.PARTNER,
                Map.of("venueId", VENUE, "drinkId", "vodka-soda"), null));
        // webhooks: a URL the local run refuses (not loopback), an endpoint that does not exist: nothing is ever created
        String hooks = "/admin/partners/{partnerId}/webhooks";
        all.add(ep("menu-service", menu, "POST", hooks, Family.ADMIN, Map.of("partnerId", "demo-app"),
                json(mapper, "{\"url\":\"https://10.0.0.1/hook\",\"events\":[\"order.poured\"],\"description\":\"till\"}"), "/url"));
        all.add(ep("menu-service", menu, "GET", hooks, Family.ADMIN, Map.of("partnerId", "demo-app"), null));
        all.add(ep("menu-service", menu, "GET", hooks + "/{endpointId}", Family.ADMIN, Map.of("partnerId", "demo-app", "endpointId", "wh_nope"), null));
        all.add(ep("menu-service", menu, "PUT", hooks + "/{endpointId}", Family.ADMIN, Map.of("partnerId", "demo-app", "endpointId", "wh_nope"),
                json(mapper, "{\"url\":\"https://10.0.0.1/hook\",\"enabled\":true}"), "/url"));
        all.add(ep("menu-service", menu, "DELETE", hooks + "/{endpointId}", Family.ADMIN,
                Map.of("partnerId", "demo-app", "endpointId", ID_TOO_LONG), null));
        all.add(ep("menu-service", menu, "POST", hooks + "/{endpointId}/secret", Family.ADMIN,
                Map.of("partnerId", "demo-app", "endpointId", ID_TOO_LONG), null));
        all.add(ep("menu-service", menu, "GET", hooks + "/{endpointId}/deliveries", Family.ADMIN,
                Map.of("partnerId", "demo-app", "endpointId", "wh_nope"), null));
        all.add(ep("menu-service", menu, "POST", hooks + "/{endpointId}/replay", Family.ADMIN,
                Map.of("partnerId", "demo-app", "endpointId", "wh_nope"), json(mapper, "{\"message_id\":\"msg_00000000000000000000000000000000\"}"),
                "/message_id"));
        all.add(ep("menu-service", menu, "GET", "/partner/webhooks", Family.PARTNER_ACCOUNT, Map.of(), null));
        all.add(ep("menu-service", menu, "GET", "/partner/webhooks/{endpointId}", Family.PARTNER_ACCOUNT, Map.of("endpointId", "wh_nope"), null));
        all.add(ep("menu-service", menu, "GET", "/partner/webhooks/{endpointId}/deliveries", Family.PARTNER_ACCOUNT,
                Map.of("endpointId", "wh_nope"), null));
        // inventory-service
        String inv = t.inventory();
        all.add(ep("inventory-service", inv, "PUT", "/admin/venues/{venueId}/units/{unitId}", Family.ADMIN,
                Map.of("venueId", VENUE, "unitId", "demo-unit-1"),
                json(mapper, "{\"name\":\"Rotender 1\",\"location\":\"Main bar, left end\",\"slots\":["
                        + "{\"ingredientId\":\"vodka\",\"capacityMl\":1500,\"levelMl\":1500},"
                        + "{\"ingredientId\":\"soda\",\"capacityMl\":5000,\"levelMl\":5000}]}"),
                "/slots/0/ingredientId", "/slots/1/ingredientId"));
        all.add(ep("inventory-service", inv, "GET", "/admin/venues/{venueId}/units", Family.ADMIN, Map.of("venueId", VENUE), null));
        all.add(ep("inventory-service", inv, "GET", "/admin/venues/{venueId}/units/{unitId}", Family.ADMIN,
                Map.of("venueId", VENUE, "unitId", "demo-unit-1"), null));
        all.add(ep("inventory-service", inv, "POST", "/admin/units/{unitId}/refills", Family.ADMIN, Map.of("unitId", "demo-unit-1"),
                json(mapper, "{\"ingredientId\":\"vodka\",\"addMl\":100}"), "/ingredientId"));
        all.add(ep("inventory-service", inv, "POST", "/admin/units/{unitId}/corrections", Family.ADMIN, Map.of("unitId", "demo-unit-1"),
                json(mapper, "{\"ingredientId\":\"vodka\",\"levelMl\":1000,\"reason\":\"measured\"}"), "/ingredientId"));
        // order-service
        String ord = t.orders();
        all.add(ep("order-service", ord, "POST", "/venues/{venueId}/orders", Family.PARTNER, Map.of("venueId", VENUE),
                json(mapper, "{\"venue_id\":\"demo-bar\",\"customer\":{\"first_name\":\"Winter\",\"last_name\":\"Mute\","
                        + "\"phone\":\"+48 600 100 200\",\"email\":\"winter@example.com\"},\"items\":[{\"drink_id\":\"vodka-soda\",\"quantity\":1}],"
                        + "\"partner_order_id\":\"sec-check-order\",\"payment\":{\"status\":\"paid\",\"amount\":18.00,\"currency\":\"EUR\","
                        + "\"method\":\"card\",\"reference\":\"pay-1\"},\"tip\":1.00,\"note\":\"no ice\"}"),
                "/items/0/drink_id", "/partner_order_id", "/payment/status", "/payment/currency", "/customer/phone", "/customer/email"));
        all.add(ep("order-service", ord, "PUT", "/venues/{venueId}/orders", Family.PARTNER, Map.of("venueId", VENUE),
                json(mapper, "{\"order_id\":\"ord-does-not-exist\",\"status\":\"code_entered\",\"code\":\"1234\"}"),
                "/order_id", "/status", "/code"));
        all.add(ep("order-service", ord, "GET", "/venues/{venueId}/orders", Family.PARTNER, Map.of("venueId", VENUE), null,
                Map.of("status", "confirmed", "since", "2026-01-01T00:00:00Z", "limit", "10")));
        all.add(ep("order-service", ord, "PUT", "/venues/{venueId}/orders/{orderId}", Family.PARTNER,
                Map.of("venueId", VENUE, "orderId", "ord-does-not-exist"),
                json(mapper, "{\"status\":\"ready\",\"code\":\"1234\"}"), "/status", "/code"));
        all.add(ep("order-service", ord, "GET", "/venues/{venueId}/orders/{orderId}", Family.PARTNER,
                Map.of("venueId", VENUE, "orderId", "ord-does-not-exist"), null));
        all.add(ep("order-service", ord, "POST", "/admin/orders/{orderId}/code", Family.ADMIN, Map.of("orderId", ID_TOO_LONG), null));
        // proxy-connectors
        String pos = t.connectors();
        all.add(ep("proxy-connectors", pos, "PUT", "/admin/venues/{venueId}/pos", Family.ADMIN, Map.of("venueId", "demo-portos"),
                json(mapper, "{\"pos\":\"portos\",\"portos\":{\"apiKey\":\"portos-key-0123456789abcdef\","
                        + "\"productIds\":{\"gin-tonic\":\"1234\"},\"pageSize\":20}}"), "/pos"));
        all.add(ep("proxy-connectors", pos, "GET", "/admin/venues/{venueId}/pos", Family.ADMIN, Map.of("venueId", "demo-portos"), null));
        for (String hook : List.of("orderAccepted", "orderRejected", "orderindelivery", "orderClosed", "orderCancelled")) {
            all.add(ep("proxy-connectors", pos, "POST", "/restaumatic/{hook}", Family.RESTAUMATIC, Map.of("hook", hook),
                    json(mapper, "{\"externalOrderUUID\":\"5d0c3f8e-9a4b-4c1e-8f00-000000000000\",\"restaumaticOrderId\":4617289,"
                            + "\"restaurantId\":466}"), "/externalOrderUUID"));
        }
        all.add(ep("proxy-connectors", pos, "GET", "/portos/unprocessed_orders", Family.PORTOS, Map.of(), null,
                Map.of("version", "1")));
        all.add(ep("proxy-connectors", pos, "POST", "/portos/process_order", Family.PORTOS, Map.of(), null,
                Map.of("version", "1", "externalId", "ord-does-not-exist", "status", "accepted",
                        "estimatedCompletionAt", "2026-11-23T10:30:00.000Z")));
        all.add(ep("proxy-connectors", pos, "GET", "/admin/venues/{venueId}/pos/dead-letters", Family.ADMIN,
                Map.of("venueId", "demo-restaumatic"), null, Map.of("state", "dead")));
        all.add(ep("proxy-connectors", pos, "POST", "/admin/venues/{venueId}/pos/dead-letters/{orderId}/retry", Family.ADMIN,
                Map.of("venueId", "demo-restaumatic", "orderId", ID_TOO_LONG), null));
        // a venue id that cannot exist: every variant of the body is refused, none retries anything
        all.add(ep("proxy-connectors", pos, "POST", "/admin/venues/{venueId}/pos/dead-letters/retry", Family.ADMIN,
                Map.of("venueId", ID_TOO_LONG), json(mapper, "{\"from\":\"2026-01-01T00:00:00Z\",\"limit\":10}"), "/from"));
        all.add(ep("proxy-connectors", pos, "GET", "/admin/pos/dead-letters", Family.ADMIN, Map.of(), null,
                Map.of("connector", "restaumatic")));
        all.add(ep("proxy-connectors", pos, "GET", "/admin/pos/status", Family.ADMIN, Map.of(), null));
        // every service: its dead-letter topics, listed and replayed (a topic none of them has: nothing is ever replayed)
        for (Map.Entry<String, String> service : Map.of("menu-service", menu, "inventory-service", inv, "order-service", ord,
                "proxy-connectors", pos).entrySet()) {
            all.add(ep(service.getKey(), service.getValue(), "GET", "/admin/dead-letters", Family.ADMIN, Map.of(), null));
            all.add(ep(service.getKey(), service.getValue(), "POST", "/admin/dead-letters/replay", Family.ADMIN, Map.of(),
                    json(mapper, "{\"topic\":\"rotender.nowhere.dlq\",\"eventIds\":[\"00000000-0000-0000-0000-000000000000\"],"
                            + "\"dryRun\":true}"), "/topic"));
        }
        return all;
    }

    private static Endpoint ep(String service, String base, String method, String template, Family family, Map<String, String> ids,
                               JsonNode body, String... constrained) {
        return new Endpoint(service, base, method, template, family, ids, Map.of(), body, Set.of(constrained));
    }

    private static Endpoint ep(String service, String base, String method, String template, Family family, Map<String, String> ids,
                               JsonNode body, Map<String, String> query) {
        return new Endpoint(service, base, method, template, family, ids, query, body, Set.of());
    }

    private static JsonNode json(ObjectMapper mapper, String text) {
        try {
            return mapper.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
