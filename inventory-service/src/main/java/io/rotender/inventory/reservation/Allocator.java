package io.rotender.inventory.reservation;

import io.rotender.contracts.inventory.InventoryCommands.Item;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reservation policy, without I/O: what an order needs, which online units could serve all of it (the one with the
 * most headroom first), whether a unit's locked slots still fit, which drinks to name when none does, and what a
 * release or a pour changes on each slot. {@link Reservations} reads the stock, locks and writes around it.
 * <p>
 * Stock is given per unit as free millilitres per ingredient (level minus reserved, of the venue's online units).
 */
public final class Allocator {

    /** The most items and the most of one drink an order may ask for. */
    static final int MAX_ITEMS = 50;

    private Allocator() {
    }

    /** Items with the same drink merged, in first-seen order; null when the list is empty, too long or an item is malformed. */
    public static List<Item> merge(List<Item> items) {
        if (items == null || items.isEmpty() || items.size() > MAX_ITEMS) {
            return null;
        }
        Map<String, Integer> quantities = new LinkedHashMap<>();
        for (Item item : items) {
            if (item == null || item.drinkId() == null || item.quantity() < 1 || item.quantity() > MAX_ITEMS) {
                return null;
            }
            quantities.merge(item.drinkId(), item.quantity(), Integer::sum);
        }
        return quantities.entrySet().stream().map(e -> new Item(e.getKey(), e.getValue())).toList();
    }

    /** Millilitres of each ingredient the whole order needs, by ingredient (sorted: the order slots are locked in). */
    public static Map<String, Integer> need(List<Item> items, Map<String, Map<String, Integer>> recipes) {
        Map<String, Integer> need = new TreeMap<>();
        for (Item item : items) {
            recipes.get(item.drinkId()).forEach((ingredient, ml) -> need.merge(ingredient, ml * item.quantity(), Integer::sum));
        }
        return need;
    }

    /**
     * Units whose free stock covers the whole need, the one with the most headroom first (the smallest ratio of free to
     * needed over the ingredients), then by id: spreading orders over units so that none runs dry before the others.
     */
    public static List<String> candidates(Map<String, Map<String, Integer>> free, Map<String, Integer> need) {
        Map<String, Double> headroom = new HashMap<>();
        for (var unit : free.entrySet()) {
            double min = Double.MAX_VALUE;
            for (var n : need.entrySet()) {
                int available = unit.getValue().getOrDefault(n.getKey(), 0);
                min = Math.min(min, (double) available / n.getValue());
            }
            if (min >= 1.0) {
                headroom.put(unit.getKey(), min);
            }
        }
        return headroom.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
    }

    /** Whether a unit's slots, as locked now, hold every ingredient of the need. */
    public static boolean fits(Map<String, StockLedger.SlotState> slots, Map<String, Integer> need) {
        return need.entrySet().stream().allMatch(n -> slots.containsKey(n.getKey()) && slots.get(n.getKey()).free() >= n.getValue());
    }

    /** What reserving the need adds to each slot. */
    public static Map<String, SlotDelta> reservation(Map<String, Integer> need) {
        Map<String, SlotDelta> deltas = new LinkedHashMap<>();
        need.forEach((ingredient, ml) -> deltas.put(ingredient, SlotDelta.reserved(ml)));
        return deltas;
    }

    /** The drinks no single online unit can serve; all of them when each alone fits somewhere but not together. */
    public static List<String> unservable(List<Item> items, Map<String, Map<String, Integer>> recipes,
                                          Map<String, Map<String, Integer>> free) {
        List<String> unavailable = new ArrayList<>();
        for (Item item : items) {
            boolean servable = free.values().stream().anyMatch(unit -> recipes.get(item.drinkId()).entrySet().stream()
                    .allMatch(n -> unit.getOrDefault(n.getKey(), 0) >= n.getValue() * item.quantity()));
            if (!servable) {
                unavailable.add(item.drinkId());
            }
        }
        return unavailable.isEmpty() ? items.stream().map(Item::drinkId).toList() : unavailable;
    }

    /**
     * What settling a reservation changes: its reserved millilitres are given back and the level drops by what the unit
     * used, but never below what other orders still hold (a unit reporting less than is reserved is kept at that, named
     * in {@code keptAt}). A slot removed since is left alone.
     */
    public static Settlement settle(Map<String, StockLedger.SlotState> slots, Map<String, Integer> reserved, Map<String, Integer> used) {
        Map<String, SlotDelta> deltas = new LinkedHashMap<>();
        Map<String, Integer> keptAt = new TreeMap<>();
        for (String ingredient : touched(reserved, used)) {
            StockLedger.SlotState slot = slots.get(ingredient);
            if (slot == null) {
                continue;
            }
            int unreserve = reserved.getOrDefault(ingredient, 0);
            int newReserved = slot.reserved() - unreserve;
            int wantedLevel = slot.level() - used.getOrDefault(ingredient, 0);
            int newLevel = Math.max(wantedLevel, newReserved);
            if (newLevel > wantedLevel) {
                keptAt.put(ingredient, newLevel);
            }
            deltas.put(ingredient, new SlotDelta(Math.max(newLevel, 0) - slot.level(), -unreserve));
        }
        return new Settlement(deltas, keptAt);
    }

    /** The ingredients a settlement touches, in lock order. */
    public static Set<String> touched(Map<String, Integer> reserved, Map<String, Integer> used) {
        Set<String> touched = new TreeSet<>(reserved.keySet());
        touched.addAll(used.keySet());
        return touched;
    }

    /**
     * @param deltas what to apply to each slot
     * @param keptAt the slots whose level was kept at what other orders hold (the unit reported less), with that level
     */
    public record Settlement(Map<String, SlotDelta> deltas, Map<String, Integer> keptAt) {
    }
}
