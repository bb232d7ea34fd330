package io.rotender.order.orders;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotender.order.orders.OrderPricing.CatalogDrink;
import io.rotender.order.orders.OrderPricing.VenueTerms;
import io.rotender.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Pricing a new order alone: no database, no Quarkus. */
class OrderPricingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final VenueTerms EUR = new VenueTerms("EUR ", 30, 5);
    private static final Map<String, CatalogDrink> DRINKS = Map.of(
            "vodka-soda", new CatalogDrink("Vodka Soda", new BigDecimal("18"), true),
            "gin-tonic", new CatalogDrink("Gin Tonic", new BigDecimal("22.505"), true),
            "mojito", new CatalogDrink("Mojito", new BigDecimal("25.00"), false));
    private static final OrderRequest.Customer ADA = new OrderRequest.Customer(" Ada ", "Lovelace", null, "ada@example.com");

    private static OrderRequest items(OrderRequest.Payment payment, BigDecimal tip, OrderRequest.Item... items) {
        return new OrderRequest(null, ADA, null, List.of(items), null, payment, tip, "no ice");
    }

    private static OrderRequest.Item item(String drink, int quantity) {
        return new OrderRequest.Item(drink, quantity);
    }

    private static ProblemException problem(OrderRequest request) {
        try {
            OrderPricing.price("bar", EUR, DRINKS, request, MAPPER);
        } catch (ProblemException e) {
            return e;
        }
        throw new AssertionError("priced, expected a problem");
    }

    @Test
    void linesOfOneDrinkAreMergedAndPricedFromTheCatalog() {
        Order o = OrderPricing.price("bar", EUR, DRINKS, items(null, new BigDecimal("2.5"), item("vodka-soda", 1), item("gin-tonic", 2),
                item("vodka-soda", 2)), MAPPER);
        assertThat(o.items).hasSize(2);
        assertThat(o.items.get(0).path("drink_id").asText()).isEqualTo("vodka-soda");
        assertThat(o.items.get(0).path("quantity").asInt()).isEqualTo(3);
        assertThat(o.items.get(0).path("line_total").decimalValue()).isEqualByComparingTo("54.00");
        assertThat(o.items.get(1).path("unit_price").decimalValue()).isEqualByComparingTo("22.51"); // half up
        assertThat(o.items.get(1).path("line_total").decimalValue()).isEqualByComparingTo("45.02");
        assertThat(o.orderTotal).isEqualByComparingTo("99.02");
        assertThat(o.tip).isEqualByComparingTo("2.50");
        assertThat(o.currency).isEqualTo("EUR");
        assertThat(o.payment.path("amount").decimalValue()).isEqualByComparingTo("101.52");
        assertThat(o.payment.path("status").asText()).isEqualTo("paid");
        assertThat(o.customer.path("first_name").asText()).isEqualTo("Ada");
        assertThat(o.customer.path("email").asText()).isEqualTo("ada@example.com");
        assertThat(o.customer.has("phone")).isFalse();
        assertThat(o.status).isEqualTo("pending");
        assertThat(o.id).matches("ord_[A-Za-z0-9]{16}");
        assertThat(o.note).isEqualTo("no ice");
    }

    @Test
    void aPaidOrderLivesTheOrderTtlAPendingPaymentTheHold() {
        Order paid = OrderPricing.price("bar", EUR, DRINKS, items(null, null, item("vodka-soda", 1)), MAPPER);
        assertThat(Duration.between(OffsetDateTime.now(), paid.expiresAt).toMinutes()).isCloseTo(30, within(1L));
        Order pending = OrderPricing.price("bar", EUR, DRINKS, items(new OrderRequest.Payment("pending", null, null, null, null), null,
                item("vodka-soda", 1)), MAPPER);
        assertThat(pending.paymentStatus).isEqualTo("pending");
        assertThat(Duration.between(OffsetDateTime.now(), pending.expiresAt).toMinutes()).isCloseTo(5, within(1L));
        assertThat(pending.ttlMinutes).isEqualTo(30);
    }

    @Test
    void anUnknownDrinkIsA422NamingTheField() {
        ProblemException e = problem(items(null, null, item("vodka-soda", 1), item("negroni", 1)));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.toProblem(null).getType()).endsWith("/unknown-drink");
        assertThat(e.toProblem(null).getExtensions().get("invalid_params").toString()).contains("items[1].drink_id").contains("negroni");
        ProblemException v1 = problem(new OrderRequest(null, ADA, "negroni", null, null, null, null, null));
        assertThat(v1.toProblem(null).getExtensions().get("invalid_params").toString()).contains("name=drink_id");
    }

    @Test
    void aDrinkThatCannotBePouredIsA409NamingIt() {
        ProblemException e = problem(items(null, null, item("vodka-soda", 1), item("mojito", 1)));
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.toProblem(null).getType()).endsWith("/out-of-stock");
        assertThat(e.toProblem(null).getExtensions().get("unavailable_drinks")).isEqualTo(List.of("mojito"));
    }

    @Test
    void aPaymentThatDoesNotMatchIsA422WithTheExpectedAmount() {
        ProblemException amount = problem(items(new OrderRequest.Payment("paid", new BigDecimal("18.01"), "EUR", null, null), null,
                item("vodka-soda", 1)));
        assertThat(amount.status()).isEqualTo(422);
        assertThat(amount.toProblem(null).getType()).endsWith("/payment-mismatch");
        assertThat((BigDecimal) amount.toProblem(null).getExtensions().get("expected_amount")).isEqualByComparingTo("18.00");
        ProblemException currency = problem(items(new OrderRequest.Payment("paid", new BigDecimal("18.00"), "PLN", null, null), null,
                item("vodka-soda", 1)));
        assertThat(currency.toProblem(null).getExtensions().get("invalid_params").toString()).contains("payment.currency");
        Order exact = OrderPricing.price("bar", EUR, DRINKS, items(new OrderRequest.Payment("paid", new BigDecimal("18"), "EUR", "card", "r-1"),
                null, item("vodka-soda", 1)), MAPPER);
        assertThat(exact.payment.path("method").asText()).isEqualTo("card");
        assertThat(exact.payment.path("reference").asText()).isEqualTo("r-1");
    }
}
