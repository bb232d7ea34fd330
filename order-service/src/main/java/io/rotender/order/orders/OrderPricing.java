package io.rotender.order.orders;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rotender.platform.problem.ProblemException;
import io.rotender.platform.security.Secrets;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A new pending order from a partner's request and the venue's catalog, without I/O: every drink known and sellable,
 * lines of one drink merged, prices and totals from the catalog (two decimals, half up), the tip, the payment checked
 * against the total and the venue's currency, the customer, and how long the order lives (the order TTL when paid, the
 * payment hold while payment is pending). What the request deserves instead is thrown as its problem: 422 unknown-drink
 * (naming the field), 409 out-of-stock (the drinks inventory last said no unit can pour), 422 payment-mismatch.
 */
final class OrderPricing {

    /** The venue's terms an order is priced under. */
    record VenueTerms(String currency, int orderTtlMinutes, int paymentHoldMinutes) {
    }

    /** 409 out-of-stock naming the drinks that cannot be served now (and the order, once there is one). */
    static ProblemException outOfStock(String orderId, List<String> drinks) {
        ProblemException problem = ProblemException.conflict("out-of-stock", "Out of stock",
                "Cannot be served now: " + String.join(", ", drinks)).with("unavailable_drinks", drinks);
        return orderId == null ? problem : problem.with("order_id", orderId);
    }

    /** A drink of the venue's catalog as an order sees it; {@code sellable}: active, not removed, not sold out. */
    record CatalogDrink(String name, BigDecimal price, boolean sellable) {
    }

    /** The venue's terms and its drinks an order names, by id. */
    record Catalog(VenueTerms venue, Map<String, CatalogDrink> drinks) {
    }

    private OrderPricing() {
    }

    static Order price(String venueId, VenueTerms venue, Map<String, CatalogDrink> drinks, OrderRequest request, ObjectMapper mapper) {
        List<OrderRequest.Item> lines = request.lines();
        List<Map<String, String>> unknown = new ArrayList<>();
        List<String> unsellable = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            CatalogDrink drink = drinks.get(lines.get(i).drinkId());
            String field = request.items() != null ? "items[" + i + "].drink_id" : "drink_id";
            if (drink == null) {
                unknown.add(Map.of("name", field, "reason", "venue " + venueId + " has no drink " + lines.get(i).drinkId()));
            } else if (!drink.sellable()) {
                unsellable.add(lines.get(i).drinkId());
            }
        }
        if (!unknown.isEmpty()) {
            throw new ProblemException(422, "unknown-drink", "Unknown drink", unknown.get(0).get("reason"))
                    .with("invalid_params", unknown);
        }
        if (!unsellable.isEmpty()) {
            throw outOfStock(null, unsellable);
        }
        Map<String, Integer> quantities = new LinkedHashMap<>();
        lines.forEach(l -> quantities.merge(l.drinkId(), l.quantity(), Integer::sum));
        ArrayNode items = mapper.createArrayNode();
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (var line : quantities.entrySet()) {
            CatalogDrink drink = drinks.get(line.getKey());
            BigDecimal price = drink.price().setScale(2, RoundingMode.HALF_UP);
            BigDecimal lineTotal = price.multiply(BigDecimal.valueOf(line.getValue())).setScale(2, RoundingMode.HALF_UP);
            ObjectNode item = items.addObject();
            item.put("drink_id", line.getKey());
            item.put("name", drink.name());
            item.put("quantity", line.getValue());
            item.put("unit_price", price);
            item.put("line_total", lineTotal);
            total = total.add(lineTotal);
        }
        BigDecimal tip = request.tip() == null ? BigDecimal.ZERO.setScale(2) : request.tip().setScale(2, RoundingMode.HALF_UP);
        String currency = venue.currency().strip();
        OrderRequest.Payment payment = request.payment();
        if (payment != null && payment.currency() != null && !payment.currency().equals(currency)) {
            throw new ProblemException(422, "payment-mismatch", "Payment does not match", "payment.currency must be " + currency)
                    .with("invalid_params", List.of(Map.of("name", "payment.currency", "reason", "venue currency is " + currency)));
        }
        BigDecimal due = total.add(tip);
        if (payment != null && payment.amount() != null && payment.amount().compareTo(due) != 0) {
            throw new ProblemException(422, "payment-mismatch", "Payment does not match",
                    "payment.amount " + payment.amount().setScale(2, RoundingMode.HALF_UP) + " differs from the order total plus tip " + due)
                    .with("expected_amount", due)
                    .with("invalid_params", List.of(Map.of("name", "payment.amount", "reason", "must equal " + due)));
        }
        Order o = new Order();
        o.id = "ord_" + Secrets.random(12).replace('-', 'x').replace('_', 'y');
        o.venueId = venueId;
        o.status = OrderStatus.PENDING.wire();
        o.paymentStatus = payment == null ? "paid" : payment.status();
        ObjectNode paymentNode = mapper.createObjectNode();
        paymentNode.put("status", o.paymentStatus);
        paymentNode.put("amount", due);
        paymentNode.put("currency", currency);
        if (payment != null && payment.method() != null) {
            paymentNode.put("method", payment.method());
        }
        if (payment != null && payment.reference() != null) {
            paymentNode.put("reference", payment.reference());
        }
        o.payment = paymentNode;
        ObjectNode customer = mapper.createObjectNode();
        customer.put("first_name", request.customer().firstName().strip());
        customer.put("last_name", request.customer().lastName().strip());
        if (request.customer().phone() != null) {
            customer.put("phone", request.customer().phone());
        }
        if (request.customer().email() != null) {
            customer.put("email", request.customer().email());
        }
        o.customer = customer;
        o.note = request.note();
        o.items = items;
        o.currency = currency;
        o.orderTotal = total;
        o.tip = tip;
        int minutes = "paid".equals(o.paymentStatus) ? venue.orderTtlMinutes() : venue.paymentHoldMinutes();
        o.expiresAt = Order.expiryIn(minutes);
        o.ttlMinutes = venue.orderTtlMinutes();
        return o;
    }
}
