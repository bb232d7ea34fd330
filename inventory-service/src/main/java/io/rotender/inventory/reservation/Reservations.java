package io.rotender.inventory.reservation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.rotender.contracts.inventory.InventoryCommands.Item;
import io.rotender.contracts.inventory.InventoryCommands.ReserveStock;
import io.rotender.contracts.inventory.InventoryEvents;
import io.rotender.inventory.availability.AvailabilityProjector;
import io.rotender.inventory.availability.Recipes;
import io.rotender.inventory.config.InventoryConfig;
import io.rotender.platform.consumer.PoisonMessageException;
import io.rotender.platform.json.JsonSettings;
import io.rotender.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stock reservations. A reservation takes every ingredient of every item of an order on one online unit,
 * or is rejected naming the drinks that cannot be served; it is released (cancelled, expired, failed
 * pour) or consumed (poured). Each runs in the caller's transaction with the outbox event it causes;
 * everything is idempotent per order id.
 * <p>
 * No oversell: a candidate unit is chosen from an unlocked read, then its slots are locked in ingredient
 * order and checked again before the reservation is added; the {@code slot_never_oversold} constraint
 * refuses anything that would still go wrong (a bug, a manual change), with any number of replicas.
 */
@ApplicationScoped
public class Reservations {

    private static final String EXISTING = """
            SELECT r.status, r.venue_id, r.unit_id, r.items::text AS items, r.unavailable_drinks::text AS unavailable,
                   r.reason, r.expires_at, u.name AS unit_name, u.location AS unit_location
            FROM reservation r LEFT JOIN unit u ON u.id = r.unit_id WHERE r.order_id = $1 FOR UPDATE OF r""";
    private static final String RECIPES = """
            SELECT drink_id, recipe::text AS recipe FROM drink_recipe
            WHERE venue_id = $1 AND drink_id = ANY($2) AND active AND NOT removed""";
    private static final String FREE = """
            SELECT s.unit_id, s.ingredient_id, s.level_ml - s.reserved_ml AS free
            FROM slot s JOIN unit u ON u.id = s.unit_id
            WHERE u.venue_id = $1 AND u.online AND s.ingredient_id = ANY($2)""";
    private static final String UNIT = "SELECT name, location, online FROM unit WHERE id = $1";
    private static final String INSERT = """
            INSERT INTO reservation (order_id, venue_id, unit_id, status, items, unavailable_drinks, reason, expires_at)
            VALUES ($1, $2, $3, $4, CAST($5 AS text)::jsonb, CAST($6 AS text)::jsonb, $7, $8)""";
    private static final String LINES = """
            INSERT INTO reservation_line (order_id, ingredient_id, ml) SELECT $1, i, m FROM unnest($2::text[], $3::int[]) AS v(i, m)""";
    private static final String LINES_OF = "SELECT ingredient_id, ml FROM reservation_line WHERE order_id = $1";
    private static final String SET_STATUS = "UPDATE reservation SET status = $2, reason = $3, updated_at = now() WHERE order_id = $1";

    private final Outbox outbox;
    private final AvailabilityProjector availability;
    private final ObjectMapper mapper;
    private final InventoryConfig config;

    public Reservations(Outbox outbox, AvailabilityProjector availability, ObjectMapper mapper, InventoryConfig config) {
        this.outbox = outbox;
        this.availability = availability;
        this.mapper = mapper;
        this.config = config;
    }

    // ---- ReserveStock ---------------------------------------------------------------------------------

    public Uni<Void> reserve(SqlConnection tx, ReserveStock command) {
        return tx.preparedQuery(EXISTING).execute(Tuple.of(command.orderId())).chain(rows -> {
            if (rows.iterator().hasNext()) {
                return answerAgain(tx, command.orderId(), rows.iterator().next());
            }
            List<Item> items = Allocator.merge(command.items());
            if (items == null) {
                return reject(tx, command, List.of(), "invalid-items");
            }
            Instant expiresAt = command.expiresAt() != null ? command.expiresAt() : Instant.now().plus(config.defaultHold());
            String[] drinkIds = items.stream().map(Item::drinkId).toArray(String[]::new);
            return tx.preparedQuery(RECIPES).execute(Tuple.tuple().addValue(command.venueId()).addArrayOfString(drinkIds))
                    .chain(recipeRows -> {
                        Map<String, Map<String, Integer>> recipes = new HashMap<>();
                        for (Row r : recipeRows) {
                            recipes.put(r.getString("drink_id"), recipe(command.venueId(), r.getString("drink_id"), r.getString("recipe")));
                        }
                        List<String> unknown = items.stream().map(Item::drinkId).filter(d -> !recipes.containsKey(d)).toList();
                        if (!unknown.isEmpty()) {
                            return reject(tx, command, unknown, "unknown-drink");
                        }
                        Map<String, Integer> need = Allocator.need(items, recipes);
                        return freeStock(tx, command.venueId(), need.keySet()).chain(free -> {
                            List<String> candidates = Allocator.candidates(free, need);
                            return tryUnits(tx, command, items, need, candidates, 0, expiresAt).chain(reserved -> reserved
                                    ? Uni.createFrom().voidItem()
                                    : reject(tx, command, Allocator.unservable(items, recipes, free), "out-of-stock"));
                        });
                    });
        });
    }

    private Uni<Boolean> tryUnits(SqlConnection tx, ReserveStock command, List<Item> items,
                                  Map<String, Integer> need, List<String> candidates, int index, Instant expiresAt) {
        if (index >= candidates.size()) {
            return Uni.createFrom().item(false);
        }
        String unitId = candidates.get(index);
        return StockLedger.lock(tx, unitId, need.keySet()).chain(slots -> {
            if (!Allocator.fits(slots, need)) {
                return tryUnits(tx, command, items, need, candidates, index + 1, expiresAt);
            }
            return StockLedger.change(tx, unitId, "reserve", command.orderId(), Allocator.reservation(need))
                    .chain(() -> tx.preparedQuery(INSERT).execute(Tuple.tuple().addValue(command.orderId())
                            .addValue(command.venueId()).addValue(unitId).addValue("reserved").addValue(json(items))
                            .addValue(null).addValue(null).addValue(OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))))
                    .chain(() -> tx.preparedQuery(LINES).execute(Tuple.tuple().addValue(command.orderId())
                            .addArrayOfString(need.keySet().toArray(String[]::new))
                            .addArrayOfInteger(need.values().toArray(Integer[]::new))))
                    .chain(() -> tx.preparedQuery(UNIT).execute(Tuple.of(unitId)))
                    .chain(unitRows -> {
                        Row unit = unitRows.iterator().next();
                        var event = new InventoryEvents.StockReserved(command.orderId(), command.venueId(), unitId,
                                unit.getString("name"), unit.getString("location"), items, expiresAt);
                        return outbox.publish(tx, InventoryEvents.STOCK_RESERVED, command.orderId(), event);
                    })
                    .chain(() -> availability.changed(tx, command.venueId()))
                    .replaceWith(true);
        });
    }

    private Uni<Void> reject(SqlConnection tx, ReserveStock command, List<String> unavailable, String reason) {
        List<Item> items = command.items() == null ? List.of() : command.items();
        return tx.preparedQuery(INSERT).execute(Tuple.tuple().addValue(command.orderId()).addValue(command.venueId())
                        .addValue(null).addValue("rejected").addValue(json(items)).addValue(json(unavailable))
                        .addValue(reason).addValue(null))
                .chain(() -> outbox.publish(tx, InventoryEvents.STOCK_REJECTED, command.orderId(), new InventoryEvents.StockRejected(command.orderId(), command.venueId(), unavailable, reason)))
                .replaceWithVoid();
    }

    /** A repeated ReserveStock (a retry under a new event id) gets the answer the first one got. */
    private Uni<Void> answerAgain(SqlConnection tx, String orderId, Row existing) {
        String status = existing.getString("status");
        String venueId = existing.getString("venue_id");
        if ("reserved".equals(status)) {
            OffsetDateTime expires = existing.getOffsetDateTime("expires_at");
            var event = new InventoryEvents.StockReserved(orderId, venueId, existing.getString("unit_id"),
                    existing.getString("unit_name"), existing.getString("unit_location"),
                    read(existing.getString("items"), new TypeReference<List<Item>>() { }),
                    expires == null ? null : expires.toInstant());
            return outbox.publish(tx, InventoryEvents.STOCK_RESERVED, orderId, event).replaceWithVoid();
        }
        if ("rejected".equals(status)) {
            var event = new InventoryEvents.StockRejected(orderId, venueId,
                    read(existing.getString("unavailable"), new TypeReference<List<String>>() { }), existing.getString("reason"));
            return outbox.publish(tx, InventoryEvents.STOCK_REJECTED, orderId, event).replaceWithVoid();
        }
        Log.infof("ReserveStock for order %s, already %s: nothing to do", orderId, status);
        return Uni.createFrom().voidItem();
    }

    // ---- ReleaseStock, expiry, pours --------------------------------------------------------------------

    /** Gives a reserved order's stock back; a no-op for an order that is not reserved (idempotent). */
    public Uni<Void> release(SqlConnection tx, String orderId, String reason) {
        return settle(tx, orderId, "released", reason, Map.of());
    }

    /** The unit poured: the reservation is consumed and the levels drop by what the unit reports it used. */
    public Uni<Void> consume(SqlConnection tx, String orderId, Map<String, Integer> used) {
        return settle(tx, orderId, "consumed", "poured", used);
    }

    /** The pour failed: the reservation is released, minus whatever the unit reports it used anyway. */
    public Uni<Void> pourFailed(SqlConnection tx, String orderId, String reason, Map<String, Integer> used) {
        return settle(tx, orderId, "released", reason == null ? "pour-failed" : "pour-failed: " + reason, used);
    }

    private Uni<Void> settle(SqlConnection tx, String orderId, String newStatus, String reason, Map<String, Integer> used) {
        return tx.preparedQuery(EXISTING).execute(Tuple.of(orderId)).chain(rows -> {
            if (!rows.iterator().hasNext() || !"reserved".equals(rows.iterator().next().getString("status"))) {
                Log.debugf("Order %s is not reserved: %s ignored", orderId, newStatus);
                return Uni.createFrom().voidItem();
            }
            Row reservation = rows.iterator().next();
            String unitId = reservation.getString("unit_id");
            String venueId = reservation.getString("venue_id");
            return tx.preparedQuery(LINES_OF).execute(Tuple.of(orderId)).chain(lineRows -> {
                Map<String, Integer> reserved = new TreeMap<>();
                lineRows.forEach(r -> reserved.put(r.getString("ingredient_id"), r.getInteger("ml")));
                return StockLedger.lock(tx, unitId, Allocator.touched(reserved, used)).chain(slots -> {
                    Allocator.Settlement settlement = Allocator.settle(slots, reserved, used);
                    settlement.keptAt().forEach((ingredient, level) -> Log.warnf(
                            "Unit %s reports less %s than is reserved: level kept at %d ml", unitId, ingredient, level));
                    Map<String, SlotDelta> deltas = settlement.deltas();
                    String kind = "consumed".equals(newStatus) ? "consume" : (used.isEmpty() ? "release" : "release-after-partial-pour");
                    return StockLedger.change(tx, unitId, kind, orderId, deltas)
                            .chain(() -> tx.preparedQuery(SET_STATUS).execute(Tuple.of(orderId, newStatus, reason)))
                            .chain(() -> "consumed".equals(newStatus)
                                    ? outbox.publish(tx, InventoryEvents.STOCK_CONSUMED, orderId, new InventoryEvents.StockConsumed(orderId,
                                            venueId, unitId, used.entrySet().stream().map(e -> new InventoryEvents.Used(e.getKey(), e.getValue())).toList()))
                                    : outbox.publish(tx, InventoryEvents.STOCK_RELEASED, orderId,
                                            new InventoryEvents.StockReleased(orderId, venueId, unitId, reason)))
                            .chain(() -> availability.changed(tx, venueId));
                });
            });
        });
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private Uni<Map<String, Map<String, Integer>>> freeStock(SqlConnection tx, String venueId, java.util.Set<String> ingredients) {
        return tx.preparedQuery(FREE).execute(Tuple.tuple().addValue(venueId).addArrayOfString(ingredients.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Map<String, Integer>> free = new TreeMap<>();
                    rows.forEach(r -> free.computeIfAbsent(r.getString("unit_id"), u -> new HashMap<>())
                            .put(r.getString("ingredient_id"), r.getInteger("free")));
                    return free;
                });
    }

    /** The drink's recipe; one that cannot be read makes the command a poison message (DLQ), never an empty recipe. */
    private Map<String, Integer> recipe(String venueId, String drinkId, String json) {
        try {
            return Recipes.millilitres(mapper.readTree(json));
        } catch (Exception e) {
            throw new PoisonMessageException("drink " + drinkId + " of venue " + venueId + " has an unreadable recipe ("
                    + e.getMessage() + "): nothing reserved", e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return json == null ? null : JsonSettings.lenient(mapper, type).readValue(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
