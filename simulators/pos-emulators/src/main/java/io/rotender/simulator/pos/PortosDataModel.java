package io.rotender.simulator.pos;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The PORTOS online orders API data model (v1.4) for one unprocessed order, checked field by field: types,
 * required fields, allowed values and the relations the seed states. Returns the violations; empty means valid.
 */
public final class PortosDataModel {

    private PortosDataModel() {
    }

    public static List<String> violations(JsonNode o) {
        List<String> v = new ArrayList<>();
        text(o, "externalId", true, v);
        String type = o.path("type").asText("delivery");
        if (o.has("type") && !Set.of("delivery", "takeAway", "dineIn").contains(type)) {
            v.add("type must be delivery, takeAway or dineIn");
        }
        JsonNode delivery = o.get("delivery");
        if ("delivery".equals(type)) {
            if (delivery == null || !delivery.isObject() || !delivery.path("address").isObject()) {
                v.add("delivery with an address is required for delivery orders");
            } else {
                text(delivery.get("address"), "line1", true, v);
                text(delivery.get("address"), "city", true, v);
                text(delivery.get("address"), "zipCode", true, v);
            }
        } else if (delivery != null && !delivery.isNull()) {
            v.add("delivery must be null unless type is delivery");
        }
        time(o, "createdAt", true, v);
        time(o, "scheduledAt", "dineIn".equals(type), v);
        JsonNode customer = o.get("customer");
        if (customer == null || !customer.isObject()) {
            v.add("customer is required");
        } else {
            text(customer, "name", true, v);
            if (!customer.path("phone").isTextual()) {
                v.add("customer.phone is required (text)");
            }
            if (customer.has("email") && !customer.get("email").isNull() && !customer.get("email").isTextual()) {
                v.add("customer.email must be text");
            }
        }
        JsonNode products = o.get("products");
        if (products == null || !products.isArray() || products.isEmpty()) {
            v.add("products must contain at least one product");
        } else {
            for (int i = 0; i < products.size(); i++) {
                JsonNode p = products.get(i);
                String at = "products[" + i + "].";
                text(p, "name", true, v, at);
                if (!p.path("quantity").isIntegralNumber() || p.path("quantity").asInt() <= 0) {
                    v.add(at + "quantity must be a positive integer");
                }
                if (!p.path("baseUnitPrice").isNumber()) {
                    v.add(at + "baseUnitPrice must be a number");
                }
                if (p.has("id") && !p.get("id").isTextual()) {
                    v.add(at + "id must be text");
                }
                for (JsonNode a : p.path("additions")) {
                    text(a, "name", true, v, at + "additions[].");
                    if (!a.path("quantity").isIntegralNumber() || a.path("quantity").asInt() <= 0) {
                        v.add(at + "additions[].quantity must be a positive integer");
                    }
                    if (!a.path("unitPrice").isNumber()) {
                        v.add(at + "additions[].unitPrice must be a number");
                    }
                }
            }
        }
        if (!o.path("currency").asText("").matches("[A-Z]{3}")) {
            v.add("currency must be an ISO 4217 code");
        }
        JsonNode payment = o.get("payment");
        if (payment != null && !payment.isNull()) {
            if (!payment.path("isSettled").isBoolean()) {
                v.add("payment.isSettled is required (boolean)");
            }
            JsonNode method = payment.get("method");
            if (method != null && !method.isNull() && !Set.of("cash", "card").contains(method.asText())) {
                v.add("payment.method must be cash, card or null");
            }
        }
        for (String number : List.of("wrappingFee", "packagingDeposit", "tip")) {
            if (o.has(number) && !o.get(number).isNull() && !o.get(number).isNumber()) {
                v.add(number + " must be a number");
            }
        }
        if (!o.path("totalPrice").isNumber()) {
            v.add("totalPrice is required (number)");
        } else if (o.path("totalPrice").decimalValue().scale() > 2) {
            v.add("totalPrice has more than 2 decimal places");
        }
        if (o.has("note") && !o.get("note").isNull() && !o.get("note").isTextual()) {
            v.add("note must be text or null");
        }
        return v;
    }

    private static void text(JsonNode node, String field, boolean required, List<String> v) {
        text(node, field, required, v, "");
    }

    private static void text(JsonNode node, String field, boolean required, List<String> v, String at) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                v.add(at + field + " is required");
            }
        } else if (!value.isTextual() || (required && value.asText().isEmpty())) {
            v.add(at + field + " must be non-empty text");
        }
    }

    private static void time(JsonNode node, String field, boolean required, List<String> v) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                v.add(field + " is required");
            }
            return;
        }
        try {
            Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            v.add(field + " must be an ISO 8601 date and time");
        }
    }
}
