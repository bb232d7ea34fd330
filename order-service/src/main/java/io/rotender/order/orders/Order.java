package io.rotender.order.orders;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** An order as stored: {@link OrderPlacement} writes a new one, and only {@link OrderService} changes it after, inside a transaction holding its row lock. */
public class Order {

    public String id;
    public long number;
    public String venueId;
    public String partnerId;
    public String partnerOrderId;
    public String requestHash;
    public String status;
    public String posStatus;
    public String paymentStatus;
    public JsonNode payment;
    public JsonNode customer;
    public String note;
    /** [{drink_id, name, quantity, unit_price, line_total}] */
    public JsonNode items;
    public String currency;
    public BigDecimal orderTotal;
    public BigDecimal tip;
    public boolean reserved;
    public String unitId;
    public String unitName;
    public String unitLocation;
    public JsonNode unavailableDrinks;
    public String reason;
    public String codeHash;
    public int codeAttempts;
    public boolean codeLocked;
    public OffsetDateTime expiresAt;
    public OffsetDateTime createdAt;
    public OffsetDateTime updatedAt;
    /** The trace context of the request that placed the order (W3C traceparent), null when tracing was off. */
    public String traceparent;
    /** The venue's order TTL, read with the order (pricing, {@link OrderStore#lock}); not stored with it. */
    public transient int ttlMinutes = 30;
    /** Whether the venue pours only what its POS accepted, read with the order by {@link OrderStore#lock}; not stored with it. */
    public transient boolean venueRequiresPosAcceptance;
    /** How old the order was on the database's clock when {@link OrderStore#lock} read it; null when read otherwise. */
    public transient Duration ageWhenLocked;

    public boolean isOpen() {
        return OrderStatus.of(status).isOpen();
    }

    /** Whether the state machine ({@link OrderStatus}) lets this order become {@code next}. */
    public boolean canMoveTo(OrderStatus next) {
        return OrderStatus.of(status).canMoveTo(next);
    }

    /** Moves this order to {@code next}; an illegal transition is refused here, for every caller. */
    public void moveTo(OrderStatus next) {
        status = OrderStatus.of(status).moveTo(next).wire();
    }

    public String firstName() {
        return customer.path("first_name").asText("");
    }

    /** What the unit's screen shows next to the code: order number and the customer's first name. */
    public String label() {
        return "#" + number + " " + firstName();
    }

    /**
     * An expiry {@code minutes} from now, at the database's precision (microseconds), so the order answered and
     * published is the order stored.
     */
    static OffsetDateTime expiryIn(int minutes) {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS).plusMinutes(minutes);
    }
}
