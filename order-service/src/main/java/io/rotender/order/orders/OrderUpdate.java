package io.rotender.order.orders;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code PUT /venues/{venueId}/orders} (v1: names {@code order_id}) and
 * {@code PUT /venues/{venueId}/orders/{orderId}}: {@code paid}, {@code code_entered} (v1) or {@code ready}
 * (seed 000) with the code from the unit's screen, or {@code cancelled}.
 */
public record OrderUpdate(@JsonProperty("order_id") @Size(max = 64) String orderId,
                          @NotNull @Pattern(regexp = "paid|code_entered|ready|cancelled",
                                  message = "must be one of paid, code_entered, ready, cancelled") String status,
                          @Pattern(regexp = "[0-9]{4}", message = "must be the 4 digits shown on the unit") String code) {
}
