package io.rotender.inventory.reservation;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.Map;

/**
 * Changes slots and records each change in {@code stock_movement}, in the caller's transaction. Slots
 * are locked in ingredient order, so two transactions on the same unit never deadlock; the table's
 * {@code slot_never_oversold} constraint refuses any change that would reserve more than is there.
 */
public final class StockLedger {

    private static final String LOCK = """
            SELECT ingredient_id, level_ml, reserved_ml FROM slot
            WHERE unit_id = $1 AND ingredient_id = ANY($2) ORDER BY ingredient_id FOR UPDATE""";
    private static final String CHANGE = """
            WITH changed AS (
                UPDATE slot s SET level_ml = s.level_ml + v.level_delta, reserved_ml = s.reserved_ml + v.reserved_delta
                FROM unnest($2::text[], $3::int[], $4::int[]) AS v(ingredient_id, level_delta, reserved_delta)
                WHERE s.unit_id = $1 AND s.ingredient_id = v.ingredient_id
                RETURNING s.ingredient_id)
            INSERT INTO stock_movement (unit_id, ingredient_id, kind, level_delta, reserved_delta, order_id)
            SELECT $1, v.ingredient_id, $5, v.level_delta, v.reserved_delta, $6
            FROM unnest($2::text[], $3::int[], $4::int[]) AS v(ingredient_id, level_delta, reserved_delta)
            """;

    private StockLedger() {
    }

    public record SlotState(int level, int reserved) {
        public int free() {
            return level - reserved;
        }
    }

    /** Locks the unit's slots of these ingredients (in a fixed order) and returns their state. */
    public static Uni<Map<String, SlotState>> lock(SqlConnection tx, String unitId, Iterable<String> ingredients) {
        return tx.preparedQuery(LOCK).execute(Tuple.tuple().addValue(unitId).addArrayOfString(toArray(ingredients))).map(rows -> {
            Map<String, SlotState> slots = new java.util.HashMap<>();
            rows.forEach(r -> slots.put(r.getString("ingredient_id"), new SlotState(r.getInteger("level_ml"), r.getInteger("reserved_ml"))));
            return slots;
        });
    }

    /** Applies per-ingredient deltas to level and reserved, and records them under {@code kind}; a zero delta touches nothing. */
    public static Uni<Void> change(SqlConnection tx, String unitId, String kind, String orderId,
                                   Map<String, SlotDelta> deltas) {
        String[] ingredients = deltas.entrySet().stream().filter(e -> !e.getValue().isZero()).map(Map.Entry::getKey)
                .toArray(String[]::new);
        if (ingredients.length == 0) {
            return Uni.createFrom().voidItem();
        }
        Integer[] level = new Integer[ingredients.length];
        Integer[] reserved = new Integer[ingredients.length];
        for (int i = 0; i < ingredients.length; i++) {
            level[i] = deltas.get(ingredients[i]).levelMl();
            reserved[i] = deltas.get(ingredients[i]).reservedMl();
        }
        return tx.preparedQuery(CHANGE).execute(Tuple.tuple().addValue(unitId).addArrayOfString(ingredients)
                        .addArrayOfInteger(level).addArrayOfInteger(reserved).addValue(kind).addValue(orderId))
                .replaceWithVoid();
    }

    private static String[] toArray(Iterable<String> values) {
        java.util.List<String> list = new java.util.ArrayList<>();
        values.forEach(list::add);
        return list.toArray(String[]::new);
    }
}
