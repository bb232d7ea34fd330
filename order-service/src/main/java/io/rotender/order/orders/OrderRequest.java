package io.rotender.order.orders;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;

/**
 * Body of {@code POST /venues/{venueId}/orders}: the v1 shape ({@code venue_id}, {@code customer},
 * {@code drink_id}) or the extension with {@code items}; never both.
 */
public record OrderRequest(@JsonProperty("venue_id") @Size(max = 64) String venueId,
                           @NotNull @Valid Customer customer,
                           @JsonProperty("drink_id") @Pattern(regexp = ID, message = ID_MESSAGE) String drinkId,
                           @Size(min = 1, max = 20) List<@NotNull @Valid Item> items,
                           @JsonProperty("partner_order_id") @Size(min = 1, max = 100) @Pattern(regexp = "[\\x21-\\x7E]+",
                                   message = "must be printable ASCII without spaces") String partnerOrderId,
                           @Valid Payment payment,
                           @DecimalMin(value = "0.00", message = "must not be negative") @DecimalMax("10000.00")
                           @Digits(integer = 6, fraction = 2) BigDecimal tip,
                           @Size(max = 500) String note) {

    /** Client-chosen and generated ids alike: URL-safe, at most 64 characters. */
    public static final String ID = "[A-Za-z0-9_-]{1,64}";
    public static final String ID_MESSAGE = "must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'";

    @AssertTrue(message = "give either drink_id or items, not both")
    @JsonProperty(access = JsonProperty.Access.READ_ONLY)
    boolean isOneWayOfNamingDrinks() {
        return (drinkId == null) != (items == null);
    }

    public record Customer(@JsonProperty("first_name") @NotBlank @Size(max = 60) String firstName,
                           @JsonProperty("last_name") @NotBlank @Size(max = 60) String lastName,
                           @Size(max = 32) @Pattern(regexp = "\\+?[0-9 ()-]{3,32}", message = "must be a phone number") String phone,
                           @Size(max = 254) @Email String email) {
    }

    public record Item(@JsonProperty("drink_id") @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String drinkId,
                       @NotNull @Min(1) @Max(20) Integer quantity) {
    }

    public record Payment(@NotNull @Pattern(regexp = "paid|pending", message = "must be paid or pending") String status,
                          @DecimalMin(value = "0.00", message = "must not be negative") @DecimalMax("100000.00")
                          @Digits(integer = 8, fraction = 2) BigDecimal amount,
                          @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code") String currency,
                          @Size(max = 40) String method,
                          @Size(max = 200) String reference) {
    }

    /** The items of the order whichever way they were named. */
    List<Item> lines() {
        return items != null ? items : List.of(new Item(drinkId, 1));
    }
}
