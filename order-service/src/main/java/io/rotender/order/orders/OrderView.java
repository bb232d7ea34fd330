package io.rotender.order.orders;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * An order as partners see it (v1 wire format: snake_case, {@code status} and {@code unit_id} as v1
 * answers them; the rest are extensions). The confirmation code is never part of it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderView(String id,
                        @JsonProperty("order_id") String orderId,
                        long number,
                        @JsonProperty("venue_id") String venueId,
                        String status,
                        @JsonProperty("pos_status") String posStatus,
                        @JsonProperty("unit_id") String unitId,
                        Unit unit,
                        @JsonProperty("drink_id") String drinkId,
                        @Schema(type = SchemaType.ARRAY, implementation = Line.class) JsonNode items,
                        @Schema(implementation = OrderRequest.Customer.class) JsonNode customer,
                        @JsonProperty("order_total") BigDecimal orderTotal,
                        BigDecimal tip,
                        String currency,
                        @Schema(implementation = OrderRequest.Payment.class) JsonNode payment,
                        @JsonProperty("partner_order_id") String partnerOrderId,
                        @JsonProperty("expires_at") OffsetDateTime expiresAt,
                        String instructions,
                        @JsonProperty("unavailable_drinks") @Schema(type = SchemaType.ARRAY, implementation = String.class)
                        JsonNode unavailableDrinks,
                        String reason,
                        @JsonProperty("code_locked") Boolean codeLocked,
                        String note,
                        @JsonProperty("created_at") OffsetDateTime createdAt,
                        @JsonProperty("updated_at") OffsetDateTime updatedAt) {

    public record Unit(String id, String name, String location) {
    }

    /** The shape of one of {@code items} (priced from the catalog when the order was placed), for the API document. */
    public record Line(@JsonProperty("drink_id") String drinkId, String name, int quantity,
                       @JsonProperty("unit_price") BigDecimal unitPrice, @JsonProperty("line_total") BigDecimal lineTotal) {
    }

    public static OrderView of(Order o) {
        Unit unit = o.unitId == null ? null : new Unit(o.unitId, o.unitName, o.unitLocation);
        String drinkId = o.items != null && o.items.size() > 0 ? o.items.get(0).path("drink_id").asText() : null;
        return new OrderView(o.id, o.id, o.number, o.venueId, o.status, o.posStatus, o.unitId, unit, drinkId, o.items,
                o.customer, o.orderTotal, o.tip, o.currency, o.payment, o.partnerOrderId,
                o.isOpen() ? o.expiresAt : null, instructions(o), o.unavailableDrinks, o.reason,
                o.codeLocked ? Boolean.TRUE : null, o.note, o.createdAt, o.updatedAt);
    }

    private static String instructions(Order o) {
        String where = o.unitName == null ? null
                : o.unitName + (o.unitLocation == null || o.unitLocation.isBlank() ? "" : " (" + o.unitLocation + ")");
        return switch (o.status) {
            case "confirmed" -> o.codeLocked ? "Too many wrong codes: ask the venue staff for a new code."
                    : "Walk to " + where + " and enter the 4-digit code shown on its screen for order #" + o.number + ".";
            case "pending" -> "paid".equals(o.paymentStatus)
                    ? "The order is being reserved; check again in a moment."
                    : (where == null ? "Complete the payment to confirm the order."
                            : "Stock is held on " + where + "; complete the payment to get the code.");
            case "ready" -> "Your drink is being poured at " + where + ".";
            case "poured" -> "Enjoy your drink.";
            case "rejected" -> "These drinks are out of stock; choose another.";
            default -> null;
        };
    }
}
