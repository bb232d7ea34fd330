package io.rotender.connectors.restaumatic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Maps a confirmed Rotender order (the order of an {@code OrderConfirmed} event) to Restaumatic's
 * {@code orderplaced} body, field by field as the connector README documents. Built once per order and
 * stored, so {@code externalOrderId} and the deduplication triple stay the same across retries.
 */
@ApplicationScoped
public class OrderPlacedMapper {

    private final ObjectMapper mapper;

    public OrderPlacedMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public record Venue(long restaurantId, String sourceReferenceName, JsonNode vatLetters, String defaultVatLetter) {
    }

    /** The UUID Restaumatic deduplicates on: derived from the order id, so it is the same however often it is built. */
    public static UUID externalOrderId(String orderId) {
        return UUID.nameUUIDFromBytes(("rotender-order:" + orderId).getBytes(StandardCharsets.UTF_8));
    }

    public ObjectNode map(JsonNode order, Venue venue) {
        ObjectNode body = mapper.createObjectNode();
        String orderId = order.path("id").asText();
        body.put("externalOrderId", externalOrderId(orderId).toString());
        body.put("externalOrderSourceReferenceName", venue.sourceReferenceName());
        body.put("externalOrderReferenceId", orderId);
        body.put("shortExternalOrderReferenceId", "R" + order.path("number").asLong());
        body.put("restaurantId", venue.restaurantId());
        body.put("orderedAt", zulu(OffsetDateTime.parse(order.path("created_at").asText()).toInstant()));
        body.put("subjectToReject", true);
        Instant acceptBefore = order.hasNonNull("expires_at")
                ? OffsetDateTime.parse(order.path("expires_at").asText()).toInstant()
                : Instant.now().plus(10, ChronoUnit.MINUTES);
        body.put("subjectToAcceptBefore", zulu(acceptBefore));
        body.put("subjectToCancel", false);
        body.putObject("fullfillmentMethod").put("tag", "DineIn");
        body.put("subjectToOverwriteFullfillmentTime", true);
        body.put("paymentMethod", paymentMethod(order.path("payment").path("method").asText("")));
        ObjectNode customer = body.putObject("customer");
        JsonNode c = order.path("customer");
        customer.put("fullName", (c.path("first_name").asText("") + " " + c.path("last_name").asText("")).strip());
        if (c.hasNonNull("email") && !c.path("email").asText().isBlank()) {
            customer.put("email", c.path("email").asText());
        }
        if (c.hasNonNull("phone") && !c.path("phone").asText().isBlank()) {
            customer.put("phone", c.path("phone").asText());
        }
        String note = order.path("note").asText("");
        if (!note.isBlank()) {
            body.put("customerOrderNote", note.length() > 512 ? note.substring(0, 512) : note);
        }
        ArrayNode products = body.putArray("products");
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode item : order.path("items")) {
            ObjectNode product = products.addObject();
            String name = item.path("name").asText(item.path("drink_id").asText());
            product.put("name", name.length() > 256 ? name.substring(0, 256) : name);
            product.put("quantity", item.path("quantity").asInt());
            BigDecimal price = item.path("unit_price").decimalValue().setScale(2, RoundingMode.HALF_UP);
            product.put("grossUnitPrice", price);
            String vat = venue.vatLetters() != null && venue.vatLetters().hasNonNull(item.path("drink_id").asText())
                    ? venue.vatLetters().get(item.path("drink_id").asText()).asText() : venue.defaultVatLetter();
            if (vat != null) {
                product.put("vatRate", vat);
            }
            total = total.add(price.multiply(BigDecimal.valueOf(item.path("quantity").asInt())));
        }
        BigDecimal tip = order.path("tip").decimalValue().setScale(2, RoundingMode.HALF_UP);
        if (tip.signum() > 0) {
            body.put("tip", tip);
            total = total.add(tip);
        }
        // the seed's formula: products + deliveryFee + tip + externalServiceFee - discounts; no additions are sent
        body.put("totalGrossPrice", total.setScale(2, RoundingMode.HALF_UP));
        return body;
    }

    static String zulu(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    static String paymentMethod(String method) {
        return switch (method.toLowerCase()) {
            case "cash" -> "Cash";
            case "card" -> "Card";
            case "prepaid", "voucher" -> "Prepaid";
            default -> "Online"; // paid in the partner's app before the order reaches the POS
        };
    }
}
