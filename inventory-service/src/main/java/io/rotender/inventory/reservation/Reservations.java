package io.rotender.inventory.reservation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.rotender.contracts.inventory.InventoryCommands.Item;
import io.rotender.contracts.inventory.InventoryCommands.ReserveStock;
import io.rotender.contracts.inventory.InventoryEvents;
import io.rotender.inventory.availability.AvailabilityProjector;
import io.rotender.inventory.availability.Recipes;
import io.rotender.inventory.config.InventoryConfig;
import io.rotender.platform.consumer.PoisonMessageException;
import io.rotender.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stock reservations (their SQL in {@link ReservationStore}, the choice of unit in {@link Allocator}, the slots'
 * books in {@link StockLedger}). A reservation takes every ingredient of every item of an order on one online unit,
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

    private final ReservationStore store;
    private final Outbox outbox;
    private final AvailabilityProjector availability;
    private final ObjectMapper mapper;
    private final InventoryConfig config;
    private final SoldOutVenues soldOut;

    public Reservations(ReservationStore store, Outbox outbox, AvailabilityProjector availability, ObjectMapper mapper,
                        InventoryConfig config, SoldOutVenues soldOut) {
        this.store = store;
        this.outbox = outbox;
        this.availability = availability;
        this.mapper = mapper;
        this.config = config;
        this.soldOut = soldOut;
    }

    // ---- ReserveStock ---------------------------------------------------------------------------------

    public Uni<Void> reserve(SqlConnection tx, ReserveStock command) {
        return store.lock(tx, command.orderId()).chain(existing -> {
            if (existing != null) {
                return answerAgain(tx, command.orderId(), existing);
            }
            List<Item> items = Allocator.merge(command.items());
            if (items == null) {
                return reject(tx, command, List.of(), "invalid-items");
            }
            Instant expiresAt = command.expiresAt() != null ? command.expiresAt() : Instant.now().plus(config.defaultHold());
            String[] drinkIds = items.stream().map(Item::drinkId).toArray(String[]::new);
            return store.recipes(tx, command.venueId(), drinkIds).chain(stored -> {
                Map<String, Map<String, Integer>> recipes = new HashMap<>();
                stored.forEach((drinkId, json) -> recipes.put(drinkId, recipe(command.venueId(), drinkId, json)));
                List<String> unknown = items.stream().map(Item::drinkId).filter(d -> !recipes.containsKey(d)).toList();
                if (!unknown.isEmpty()) {
                    return reject(tx, command, unknown, "unknown-drink");
                }
                Map<String, Integer> need = Allocator.need(items, recipes);
                return store.freeStock(tx, command.venueId(), need.keySet()).chain(free -> {
                    List<String> candidates = Allocator.candidates(free, need);
                    return tryUnits(tx, command, items, need, candidates, 0, expiresAt).chain(reserved -> reserved
                            ? Uni.createFrom().voidItem()
                            : reject(tx, command, Allocator.unservable(items, recipes, free), "out-of-stock")
                                    .invoke(() -> soldOut.rejected(command.venueId())));
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
                    .chain(() -> store.insertReserved(tx, command.orderId(), command.venueId(), unitId, items, need, expiresAt))
                    .chain(() -> store.unit(tx, unitId))
                    .chain(unit -> outbox.publish(tx, InventoryEvents.STOCK_RESERVED, command.orderId(), new InventoryEvents.StockReserved(
                            command.orderId(), command.venueId(), unitId, unit.name(), unit.location(), items, expiresAt)))
                    .chain(() -> availability.changed(tx, command.venueId()))
                    .replaceWith(true);
        });
    }

    private Uni<Void> reject(SqlConnection tx, ReserveStock command, List<String> unavailable, String reason) {
        List<Item> items = command.items() == null ? List.of() : command.items();
        return store.insertRejected(tx, command.orderId(), command.venueId(), items, unavailable, reason)
                .chain(() -> outbox.publish(tx, InventoryEvents.STOCK_REJECTED, command.orderId(),
                        new InventoryEvents.StockRejected(command.orderId(), command.venueId(), unavailable, reason)))
                .replaceWithVoid();
    }

    /** A repeated ReserveStock (a retry under a new event id) gets the answer the first one got. */
    private Uni<Void> answerAgain(SqlConnection tx, String orderId, ReservationStore.Reservation existing) {
        if ("reserved".equals(existing.status())) {
            var event = new InventoryEvents.StockReserved(orderId, existing.venueId(), existing.unitId(), existing.unitName(),
                    existing.unitLocation(), store.items(existing), existing.expiresAt());
            return outbox.publish(tx, InventoryEvents.STOCK_RESERVED, orderId, event).replaceWithVoid();
        }
        if ("rejected".equals(existing.status())) {
            var event = new InventoryEvents.StockRejected(orderId, existing.venueId(), store.unavailable(existing), existing.reason());
            return outbox.publish(tx, InventoryEvents.STOCK_REJECTED, orderId, event).replaceWithVoid();
        }
        Log.infof("ReserveStock for order %s, already %s: nothing to do", orderId, existing.status());
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
        return store.lock(tx, orderId).chain(reservation -> {
            if (reservation == null || !"reserved".equals(reservation.status())) {
                Log.debugf("Order %s is not reserved: %s ignored", orderId, newStatus);
                return Uni.createFrom().voidItem();
            }
            String unitId = reservation.unitId();
            String venueId = reservation.venueId();
            return store.lines(tx, orderId).chain(reserved -> StockLedger.lock(tx, unitId, Allocator.touched(reserved, used)).chain(slots -> {
                Allocator.Settlement settlement = Allocator.settle(slots, reserved, used);
                settlement.keptAt().forEach((ingredient, level) -> Log.warnf(
                        "Unit %s reports less %s than is reserved: level kept at %d ml", unitId, ingredient, level));
                String kind = "consumed".equals(newStatus) ? "consume" : (used.isEmpty() ? "release" : "release-after-partial-pour");
                return StockLedger.change(tx, unitId, kind, orderId, settlement.deltas())
                        .chain(() -> store.setStatus(tx, orderId, newStatus, reason))
                        .chain(() -> "consumed".equals(newStatus)
                                ? outbox.publish(tx, InventoryEvents.STOCK_CONSUMED, orderId, new InventoryEvents.StockConsumed(orderId,
                                        venueId, unitId, used.entrySet().stream().map(e -> new InventoryEvents.Used(e.getKey(), e.getValue())).toList()))
                                : outbox.publish(tx, InventoryEvents.STOCK_RELEASED, orderId,
                                        new InventoryEvents.StockReleased(orderId, venueId, unitId, reason)))
                        // a pour of what was reserved leaves every slot's free stock as it was: nothing to recompute
                        .chain(() -> SlotDelta.anyChangesFree(settlement.deltas().values())
                                ? availability.changed(tx, venueId) : Uni.createFrom().voidItem());
            }));
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
}
