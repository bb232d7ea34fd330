package io.rotender.connectors.portos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Maps a confirmed Rotender order to a PORTOS unprocessed order (online orders API data model v1.4), field
 * by field as the connector README documents; built once when the order is confirmed.
 */
@ApplicationScoped
public class PortosOrderMapper {

    private final ObjectMapper mapper;

    public PortosOrderMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectNode map(JsonNode order, JsonNode productIds) {
        ObjectNode body = mapper.createObjectNode();
        body.put("externalId", order.path("id").asText());
        body.put("type", "takeAway"); // picked up at the venue's unit
        body.putNull("delivery");
        body.put("createdAt", DateTimeFormatter.ISO_INSTANT.format(
                OffsetDateTime.parse(order.path("created_at").asText()).toInstant().truncatedTo(ChronoUnit.MILLIS)));
        body.putNull("scheduledAt");
        ObjectNode customer = body.putObject("customer");
        JsonNode c = order.path("customer");
        customer.put("name", (c.path("first_name").asText("") + " " + c.path("last_name").asText("")).strip());
        customer.put("phone", c.path("phone").asText("")); // required by PORTOS: the partner's value or empty
        if (c.hasNonNull("email")) {
            customer.put("email", c.path("email").asText());
        }
        ArrayNode products = body.putArray("products");
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode item : order.path("items")) {
            ObjectNode product = products.addObject();
            String drinkId = item.path("drink_id").asText();
            if (productIds != null && productIds.hasNonNull(drinkId)) {
                product.put("id", productIds.get(drinkId).asText());
            }
            product.put("name", item.path("name").asText(drinkId));
            product.put("quantity", item.path("quantity").asInt());
            BigDecimal price = item.path("unit_price").decimalValue().setScale(2, RoundingMode.HALF_UP);
            product.put("baseUnitPrice", price);
            product.put("note", "");
            product.putArray("additions");
            total = total.add(price.multiply(BigDecimal.valueOf(item.path("quantity").asInt())));
        }
        body.put("currency", order.path("currency").asText());
        ObjectNode payment = body.putObject("payment");
        payment.put("isSettled", true); // paid in the partner's app before the order is confirmed
        String method = order.path("payment").path("method").asText("").toLowerCase();
        if ("cash".equals(method) || "card".equals(method)) {
            payment.put("method", method);
        } else {
            payment.putNull("method");
        }
        body.put("tip", order.path("tip").decimalValue().setScale(2, RoundingMode.HALF_UP));
        // products, additions, delivery and wrapping fee, as the data model defines it: the tip is its own field
        body.put("totalPrice", total.setScale(2, RoundingMode.HALF_UP));
        if (order.hasNonNull("note") && !order.path("note").asText().isBlank()) {
            body.put("note", order.path("note").asText());
        } else {
            body.putNull("note");
        }
        return body;
    }
}
