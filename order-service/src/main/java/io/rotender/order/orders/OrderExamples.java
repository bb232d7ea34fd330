package io.rotender.order.orders;

/**
 * The partner API's examples in the OpenAPI document: the README's walkthrough (the demo bar, a vodka soda for Winter
 * Mute) as a partner app sees it. {@code OrderExamplesTest} places the request examples and checks the answers have the
 * examples' fields, so they cannot drift from what the service does.
 */
final class OrderExamples {

    static final String CREATE = """
            {"venue_id": "demo-bar", "customer": {"first_name": "Winter", "last_name": "Mute"}, "drink_id": "vodka-soda"}""";

    static final String CREATED = """
            {"id": "ord_3f9c2a61b7d84e0f", "order_id": "ord_3f9c2a61b7d84e0f", "number": 12, "venue_id": "demo-bar",
             "status": "confirmed", "unit_id": "demo-unit-1",
             "unit": {"id": "demo-unit-1", "name": "Rotender 1", "location": "Main bar, left end"},
             "drink_id": "vodka-soda",
             "items": [{"drink_id": "vodka-soda", "name": "Vodka Soda", "quantity": 1, "unit_price": 18.00, "line_total": 18.00}],
             "customer": {"first_name": "Winter", "last_name": "Mute"}, "order_total": 18.00, "currency": "EUR",
             "payment": {"status": "paid", "amount": 18.00, "currency": "EUR"}, "expires_at": "2026-11-30T18:45:00Z",
             "instructions": "Walk to Rotender 1 (Main bar, left end) and enter the 4-digit code shown on its screen for order #12.",
             "created_at": "2026-11-30T18:15:00Z", "updated_at": "2026-11-30T18:15:00Z"}""";

    static final String OUT_OF_STOCK = """
            {"type": "https://rotender.io/problems/out-of-stock", "title": "Out of stock", "status": 409,
             "detail": "Cannot be served now: vodka-soda", "unavailable_drinks": ["vodka-soda"]}""";

    static final String READY = """
            {"status": "ready", "code": "4711"}""";

    static final String WRONG_CODE = """
            {"type": "https://rotender.io/problems/wrong-code", "title": "Wrong code", "status": 422,
             "detail": "The code does not match the one on the unit's screen", "remaining_attempts": 4}""";

    private OrderExamples() {
    }
}
