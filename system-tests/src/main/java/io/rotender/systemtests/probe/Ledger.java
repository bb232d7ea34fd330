package io.rotender.systemtests.probe;

/**
 * What inventory-service's books must say at every moment, as SQL over its database: each slot's level and
 * reservation equal the sums of its stock movements, and its reservation equals its open reservations'
 * lines. Each query returns the slots that break the rule, so an empty answer is the invariant holding.
 * Each takes the venue twice (null: every venue). Used by the reservation race test, by the fault test's checker and by whoever asks by hand.
 */
public final class Ledger {

    /** Slots whose level or reservation is not the sum of their movements: unit, ingredient, level, reserved, ledger level, ledger reserved. */
    public static final String MOVEMENTS_DISAGREE = """
            SELECT s.unit_id, s.ingredient_id, s.level_ml, s.reserved_ml,
                   COALESCE(sum(m.level_delta), 0) AS ledger_level, COALESCE(sum(m.reserved_delta), 0) AS ledger_reserved
            FROM slot s LEFT JOIN stock_movement m ON m.unit_id = s.unit_id AND m.ingredient_id = s.ingredient_id
            WHERE s.unit_id IN (SELECT id FROM unit WHERE venue_id = CAST(? AS text) OR CAST(? AS text) IS NULL)
            GROUP BY s.unit_id, s.ingredient_id, s.level_ml, s.reserved_ml
            HAVING s.level_ml <> COALESCE(sum(m.level_delta), 0) OR s.reserved_ml <> COALESCE(sum(m.reserved_delta), 0)""";

    /** Slots whose reservation is not their open reservations' lines: unit, ingredient, reserved, open lines. */
    public static final String RESERVATIONS_DISAGREE = """
            SELECT s.unit_id, s.ingredient_id, s.reserved_ml, COALESCE(sum(l.ml), 0)
            FROM slot s LEFT JOIN reservation r ON r.unit_id = s.unit_id AND r.status = 'reserved'
            LEFT JOIN reservation_line l ON l.order_id = r.order_id AND l.ingredient_id = s.ingredient_id
            WHERE s.unit_id IN (SELECT id FROM unit WHERE venue_id = CAST(? AS text) OR CAST(? AS text) IS NULL)
            GROUP BY s.unit_id, s.ingredient_id, s.reserved_ml HAVING s.reserved_ml <> COALESCE(sum(l.ml), 0)""";

    /** Slots holding more than they have, or less than nothing: unit, ingredient, level, reserved. */
    public static final String OVERSOLD = """
            SELECT unit_id, ingredient_id, level_ml, reserved_ml FROM slot
            WHERE (reserved_ml > level_ml OR level_ml < 0) AND unit_id IN (SELECT id FROM unit WHERE venue_id = CAST(? AS text) OR CAST(? AS text) IS NULL)""";

    private Ledger() {
    }
}
