package io.rotender.inventory.units;

import io.rotender.inventory.config.InventoryConfig;
import io.rotender.inventory.reservation.SlotDelta;
import io.rotender.inventory.reservation.StockLedger;
import io.rotender.inventory.units.UnitRequests.SlotView;
import io.rotender.inventory.units.UnitRequests.UnitView;
import io.rotender.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Units, slots, refills and corrections. Each change is one transaction with its ledger rows, the unit's
 * status event and the venue's availability. A level may never be set below what is reserved, and a slot
 * holding reservations cannot be removed: such requests answer 409 and change nothing.
 */
@ApplicationScoped
public class UnitAdmin {

    private static final String UNIT = "SELECT id, venue_id, name, location, online FROM unit WHERE id = $1";
    private static final String SLOTS = """
            SELECT ingredient_id, capacity_ml, level_ml, reserved_ml FROM slot WHERE unit_id = $1 ORDER BY ingredient_id""";

    private final Pool pool;
    private final UnitStatusPublisher status;
    private final InventoryConfig config;

    public UnitAdmin(Pool pool, UnitStatusPublisher status, InventoryConfig config) {
        this.pool = pool;
        this.status = status;
        this.config = config;
    }

    public record Saved(UnitView unit, boolean created) {
    }

    public Uni<Saved> upsert(String venueId, String unitId, UnitRequests.UnitRequest request) {
        return pool.withTransaction(tx -> tx.preparedQuery(UNIT + " FOR UPDATE").execute(Tuple.of(unitId)).chain(rows -> {
            Row existing = rows.iterator().hasNext() ? rows.iterator().next() : null;
            if (existing != null && !venueId.equals(existing.getString("venue_id"))) {
                return Uni.createFrom().failure(ProblemException.conflict("unit-of-another-venue", "Unit of another venue",
                        "Unit " + unitId + " belongs to venue " + existing.getString("venue_id")));
            }
            Uni<?> write = existing == null
                    ? tx.preparedQuery("INSERT INTO unit (id, venue_id, name, location, online) VALUES ($1, $2, $3, $4, $5)")
                            .execute(Tuple.of(unitId, venueId, request.name().strip(), request.location(), config.onlineWithoutHeartbeat()))
                    : tx.preparedQuery("UPDATE unit SET name = $2, location = $3, updated_at = now() WHERE id = $1")
                            .execute(Tuple.of(unitId, request.name().strip(), request.location()));
            return write.chain(() -> replaceSlots(tx, unitId, request.slots()))
                    .chain(() -> status.unitChanged(tx, unitId))
                    .chain(() -> view(tx, unitId))
                    .map(view -> new Saved(view, existing == null));
        }));
    }

    private Uni<Void> replaceSlots(SqlConnection tx, String unitId, List<UnitRequests.SlotRequest> requested) {
        Set<String> ingredients = new TreeSet<>();
        requested.forEach(s -> ingredients.add(s.ingredientId()));
        return tx.preparedQuery(SLOTS + " FOR UPDATE").execute(Tuple.of(unitId)).chain(rows -> {
            Map<String, Row> current = new HashMap<>();
            rows.forEach(r -> current.put(r.getString("ingredient_id"), r));
            Map<String, SlotDelta> deltas = new LinkedHashMap<>();
            List<Tuple> upserts = new ArrayList<>();
            for (UnitRequests.SlotRequest slot : requested) {
                Row old = current.get(slot.ingredientId());
                int reserved = old == null ? 0 : old.getInteger("reserved_ml");
                if (slot.levelMl() < reserved) {
                    return Uni.createFrom().failure(belowReserved(slot.ingredientId(), slot.levelMl(), reserved));
                }
                int oldLevel = old == null ? 0 : old.getInteger("level_ml");
                upserts.add(Tuple.of(unitId, slot.ingredientId(), slot.capacityMl(), slot.levelMl()));
                deltas.put(slot.ingredientId(), SlotDelta.level(slot.levelMl() - oldLevel));
            }
            List<String> removed = new ArrayList<>();
            for (Row old : current.values()) {
                String ingredient = old.getString("ingredient_id");
                if (!ingredients.contains(ingredient)) {
                    if (old.getInteger("reserved_ml") > 0) {
                        return Uni.createFrom().failure(ProblemException.conflict("slot-in-use", "Slot in use",
                                "Slot " + ingredient + " holds " + old.getInteger("reserved_ml") + " ml of reservations and cannot be removed"));
                    }
                    removed.add(ingredient);
                    deltas.put(ingredient, SlotDelta.level(-old.getInteger("level_ml")));
                }
            }
            Uni<?> chain = upserts.isEmpty() ? Uni.createFrom().voidItem() : tx.preparedQuery("""
                            INSERT INTO slot (unit_id, ingredient_id, capacity_ml, level_ml) VALUES ($1, $2, $3, $4)
                            ON CONFLICT (unit_id, ingredient_id) DO UPDATE SET capacity_ml = EXCLUDED.capacity_ml, level_ml = EXCLUDED.level_ml""")
                    .executeBatch(upserts);
            return chain
                    .chain(() -> removed.isEmpty() ? Uni.createFrom().voidItem()
                            : tx.preparedQuery("DELETE FROM slot WHERE unit_id = $1 AND ingredient_id = ANY($2)")
                                    .execute(Tuple.tuple().addValue(unitId).addArrayOfString(removed.toArray(String[]::new))).replaceWithVoid())
                    .chain(() -> record(tx, unitId, "admin-set", deltas));
        });
    }

    /** Ledger rows for changes already applied to the slots (set or removed by the admin). */
    private static Uni<Void> record(SqlConnection tx, String unitId, String kind, Map<String, SlotDelta> deltas) {
        List<Tuple> rows = new ArrayList<>();
        deltas.forEach((ingredient, d) -> {
            if (!d.isZero()) {
                rows.add(Tuple.of(unitId, ingredient, kind, d.levelMl(), d.reservedMl()));
            }
        });
        return rows.isEmpty() ? Uni.createFrom().voidItem() : tx.preparedQuery("""
                INSERT INTO stock_movement (unit_id, ingredient_id, kind, level_delta, reserved_delta) VALUES ($1, $2, $3, $4, $5)""")
                .executeBatch(rows).replaceWithVoid();
    }

    public Uni<UnitView> refill(String unitId, UnitRequests.RefillRequest request) {
        return adjust(unitId, request.ingredientId(), "refill", (capacity, level, reserved) -> {
            int target = request.addMl() == null ? capacity : level + request.addMl();
            if (target > capacity) {
                throw new ProblemException(422, "over-capacity", "Over capacity", "Adding " + request.addMl() + " ml to "
                        + level + " ml exceeds the slot's capacity of " + capacity + " ml")
                        .with("invalid_params", List.of(Map.of("name", "addMl", "reason", "exceeds the free capacity of "
                                + (capacity - level) + " ml")));
            }
            return target;
        });
    }

    public Uni<UnitView> correct(String unitId, UnitRequests.CorrectionRequest request) {
        return adjust(unitId, request.ingredientId(), "correction", (capacity, level, reserved) -> {
            if (request.levelMl() > capacity) {
                throw new ProblemException(422, "over-capacity", "Over capacity",
                        "levelMl " + request.levelMl() + " exceeds the slot's capacity of " + capacity + " ml");
            }
            if (request.levelMl() < reserved) {
                throw belowReserved(request.ingredientId(), request.levelMl(), reserved);
            }
            return request.levelMl();
        });
    }

    private interface NewLevel {
        int of(int capacity, int level, int reserved);
    }

    private Uni<UnitView> adjust(String unitId, String ingredientId, String kind, NewLevel newLevel) {
        return pool.withTransaction(tx -> tx.preparedQuery(UNIT).execute(Tuple.of(unitId)).chain(units -> {
            if (!units.iterator().hasNext()) {
                return Uni.createFrom().failure(ProblemException.notFound("Unit " + unitId));
            }
            return tx.preparedQuery("SELECT capacity_ml FROM slot WHERE unit_id = $1 AND ingredient_id = $2")
                    .execute(Tuple.of(unitId, ingredientId)).chain(capacityRows -> {
                        if (!capacityRows.iterator().hasNext()) {
                            return Uni.createFrom().failure(ProblemException.notFound("Slot " + ingredientId + " of unit " + unitId));
                        }
                        int capacity = capacityRows.iterator().next().getInteger("capacity_ml");
                        return StockLedger.lock(tx, unitId, List.of(ingredientId)).chain(slots -> {
                            StockLedger.SlotState slot = slots.get(ingredientId);
                            int target = newLevel.of(capacity, slot.level(), slot.reserved());
                            Map<String, SlotDelta> delta = Map.of(ingredientId, SlotDelta.level(target - slot.level()));
                            return StockLedger.change(tx, unitId, kind, null, delta)
                                    .chain(() -> status.unitChanged(tx, unitId))
                                    .chain(() -> view(tx, unitId));
                        });
                    });
        }));
    }

    public Uni<UnitView> find(String venueId, String unitId) {
        return view(pool, unitId).map(view -> view == null || !view.venueId().equals(venueId) ? null : view);
    }

    public Uni<List<UnitView>> list(String venueId) {
        return pool.preparedQuery("SELECT id FROM unit WHERE venue_id = $1 ORDER BY id").execute(Tuple.of(venueId))
                .chain(rows -> {
                    List<Uni<UnitView>> views = new ArrayList<>();
                    rows.forEach(r -> views.add(view(pool, r.getString("id"))));
                    return views.isEmpty() ? Uni.createFrom().item(List.<UnitView>of())
                            : Uni.join().all(views).andFailFast();
                });
    }

    private static Uni<UnitView> view(SqlClient sql, String unitId) {
        return sql.preparedQuery(UNIT).execute(Tuple.of(unitId)).chain(units -> {
            if (!units.iterator().hasNext()) {
                return Uni.createFrom().nullItem();
            }
            Row unit = units.iterator().next();
            return sql.preparedQuery(SLOTS).execute(Tuple.of(unitId)).map(slotRows -> {
                List<SlotView> slots = new ArrayList<>();
                slotRows.forEach(s -> slots.add(new SlotView(s.getString("ingredient_id"), s.getInteger("capacity_ml"),
                        s.getInteger("level_ml"), s.getInteger("reserved_ml"), s.getInteger("level_ml") - s.getInteger("reserved_ml"))));
                return new UnitView(unit.getString("id"), unit.getString("venue_id"), unit.getString("name"),
                        unit.getString("location"), unit.getBoolean("online"), slots);
            });
        });
    }

    private static ProblemException belowReserved(String ingredientId, int level, int reserved) {
        return ProblemException.conflict("level-below-reserved", "Level below reserved stock",
                "Slot " + ingredientId + ": " + level + " ml is less than the " + reserved + " ml reserved for open orders")
                .with("reserved_ml", reserved);
    }
}
