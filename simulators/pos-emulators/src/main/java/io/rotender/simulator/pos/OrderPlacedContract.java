package io.rotender.simulator.pos;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The rules of Restaumatic's {@code orderplaced} body (seed 001), checked field by field: what a strict
 * Restaumatic would answer 400 for. Returns the violations; empty means valid.
 */
public final class OrderPlacedContract {

    private static final Pattern ZULU = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    private static final Pattern VAT = Pattern.compile("[A-G]");

    private OrderPlacedContract() {
    }

    public static List<String> violations(JsonNode b) {
        List<String> v = new ArrayList<>();
        try {
            UUID.fromString(b.path("externalOrderId").asText(""));
        } catch (IllegalArgumentException e) {
            v.add("externalOrderId must be a UUID");
        }
        nonEmptyText(b, "externalOrderSourceReferenceName", true, v);
        nonEmptyText(b, "externalOrderReferenceId", true, v);
        nonEmptyText(b, "shortExternalOrderReferenceId", false, v);
        if (!b.path("restaurantId").isIntegralNumber()) {
            v.add("restaurantId must be an integer");
        }
        zulu(b, "orderedAt", true, v);
        if (!b.path("subjectToReject").isBoolean() || !b.path("subjectToReject").asBoolean()) {
            v.add("subjectToReject must be true");
        }
        zulu(b, "subjectToAcceptBefore", true, v);
        zulu(b, "requestedFullfillmentTime", false, v);
        String tag = b.path("fullfillmentMethod").path("tag").asText("");
        if (!Set.of("Takeaway", "CourierPickUp", "Delivery", "DineIn").contains(tag)) {
            v.add("fullfillmentMethod.tag must be Takeaway, CourierPickUp, Delivery or DineIn");
        }
        if (!b.path("subjectToOverwriteFullfillmentTime").isBoolean() || !b.path("subjectToOverwriteFullfillmentTime").asBoolean()) {
            v.add("subjectToOverwriteFullfillmentTime must be true");
        }
        if (!Set.of("Cash", "Online", "Card", "Prepaid").contains(b.path("paymentMethod").asText(""))) {
            v.add("paymentMethod must be Cash, Online, Card or Prepaid");
        }
        if (!b.path("customer").isObject() || !b.path("customer").path("fullName").isTextual()) {
            v.add("customer.fullName must be text");
        }
        if (b.has("customerOrderNote") && (b.path("customerOrderNote").asText("").isEmpty() || b.path("customerOrderNote").asText().length() > 512)) {
            v.add("customerOrderNote must be non-empty text up to 512 characters");
        }
        JsonNode products = b.path("products");
        BigDecimal sum = BigDecimal.ZERO;
        if (!products.isArray() || products.isEmpty()) {
            v.add("products must be a non-empty array");
        } else {
            for (int i = 0; i < products.size(); i++) {
                JsonNode p = products.get(i);
                if (p.path("name").asText("").isEmpty()) {
                    v.add("products[" + i + "].name must be non-empty");
                }
                if (!p.path("quantity").isIntegralNumber() || p.path("quantity").asInt() <= 0) {
                    v.add("products[" + i + "].quantity must be a positive integer");
                }
                if (!p.path("grossUnitPrice").isNumber() || p.path("grossUnitPrice").decimalValue().signum() <= 0) {
                    v.add("products[" + i + "].grossUnitPrice must be a positive number");
                } else {
                    sum = sum.add(p.path("grossUnitPrice").decimalValue().multiply(BigDecimal.valueOf(p.path("quantity").asInt())));
                }
                if (p.has("vatRate") && !VAT.matcher(p.path("vatRate").asText("")).matches()) {
                    v.add("products[" + i + "].vatRate must be a letter A-G");
                }
            }
        }
        for (String positive : List.of("tip", "externalServiceFee")) {
            if (b.has(positive) && (!b.path(positive).isNumber() || b.path(positive).decimalValue().signum() <= 0)) {
                v.add(positive + " must be a positive number when present");
            }
        }
        for (String list : List.of("discounts", "additions")) {
            if (b.has(list) && (!b.path(list).isArray() || b.path(list).isEmpty())) {
                v.add(list + " must be a non-empty array when present");
            }
        }
        if (!b.path("totalGrossPrice").isNumber() || b.path("totalGrossPrice").decimalValue().signum() < 0) {
            v.add("totalGrossPrice must be a non-negative number");
        } else {
            BigDecimal expected = sum.add(b.path("tip").decimalValue()).add(b.path("externalServiceFee").decimalValue())
                    .add(b.path("fullfillmentMethod").path("deliveryFee").decimalValue());
            for (JsonNode d : b.path("discounts")) {
                expected = expected.subtract(d.path("value").decimalValue());
            }
            if (expected.compareTo(b.path("totalGrossPrice").decimalValue()) != 0) {
                v.add("totalGrossPrice " + b.path("totalGrossPrice").decimalValue() + " is not the seed's formula: " + expected);
            }
        }
        return v;
    }

    private static void nonEmptyText(JsonNode b, String field, boolean required, List<String> v) {
        if (!b.has(field)) {
            if (required) {
                v.add(field + " is required");
            }
            return;
        }
        if (!b.path(field).isTextual() || b.path(field).asText().isEmpty()) {
            v.add(field + " must be non-empty text");
        }
    }

    private static void zulu(JsonNode b, String field, boolean required, List<String> v) {
        if (!b.has(field)) {
            if (required) {
                v.add(field + " is required");
            }
            return;
        }
        if (!ZULU.matcher(b.path(field).asText("")).matches()) {
            v.add(field + " must be a Zulu ISO-8601 time");
        }
    }
}
