package io.rotender.inventory.reservation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotender.contracts.inventory.InventoryCommands.Item;
import io.rotender.contracts.inventory.InventoryCommands.ReserveStock;
import io.rotender.contracts.inventory.InventoryEvents;
import io.rotender.contracts.inventory.InventoryEvents.StockRejected;
import io.rotender.inventory.availability.Recipes;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ReserveStock commands of a polled batch that no unit can serve, rejected together: when a drink sells out under a
 * burst (a thousand buyers for a hundred drinks), each of the buyers who cannot be served would otherwise cost a
 * transaction of its own in turn. Only the commands of venues where this replica rejected an order out of stock a moment
 * ago ({@link SoldOutVenues}) are planned, so a batch with stock to spare costs nothing. For those, the stock is read once,
 * outside any transaction (unlocked, as {@link Reservations#reserve} reads it before locking), and the commands are
 * walked in their order as {@link Reservations} would take them one after the other: a command some unit can still serve
 * is left to {@link Reservations#reserve} (which reserves it alone, with its locks) and its need is counted off the unit
 * it would take first; one that no unit can serve once those ahead of it are counted off is taken and rejected here, out
 * of stock, naming the drinks as {@link Allocator#unservable} does. A command this cannot judge alone (an order that has
 * a reservation already, items out of bounds, a drink without a readable recipe) is left to {@link Reservations#reserve}
 * too. The rejections are written in one statement, their StockRejected events in another; a plan that takes nothing
 * costs its reads and no transaction.
 */
@ApplicationScoped
public class BulkRejections implements EventRouter.BulkHandler<ReserveStock> {

    private final ReservationStore store;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final Pool pool;
    private final SoldOutVenues soldOut;

    public BulkRejections(ReservationStore store, Outbox outbox, ObjectMapper mapper, Pool pool, SoldOutVenues soldOut) {
        this.store = store;
        this.outbox = outbox;
        this.mapper = mapper;
        this.pool = pool;
        this.soldOut = soldOut;
    }

    @Override
    public Uni<EventRouter.BulkPlan<ReserveStock>> plan(List<ReserveStock> batch) {
        List<ReserveStock> commands = batch.stream().filter(c -> soldOut.recently(c.venueId())).toList();
        if (commands.size() < 2) {
            return Uni.createFrom().item(EventRouter.BulkPlan.of(List.of(), (tx, none) -> Uni.createFrom().voidItem()));
        }
        Set<String> venues = new HashSet<>();
        Set<String> drinks = new HashSet<>();
        Set<String> orders = new HashSet<>();
        for (ReserveStock command : commands) {
            venues.add(command.venueId());
            orders.add(command.orderId());
            command.items().stream().filter(i -> i != null && i.drinkId() != null).forEach(i -> drinks.add(i.drinkId()));
        }
        return Uni.combine().all().unis(store.existing(pool, orders), store.recipes(pool, venues, drinks), store.freeStock(pool, venues))
                .with((existing, recipes, free) -> plan(commands, existing, recipes, free));
    }

    private EventRouter.BulkPlan<ReserveStock> plan(List<ReserveStock> commands, Set<String> existing,
                                                     Map<String, Map<String, String>> storedRecipes,
                                                     Map<String, Map<String, Map<String, Integer>>> free) {
        Map<ReserveStock, ReservationStore.Rejection> rejections = new IdentityHashMap<>();
        List<ReserveStock> taken = new ArrayList<>();
        Map<String, Map<String, Map<String, Integer>>> stock = new HashMap<>();
        for (ReserveStock command : commands) {
            List<Item> items = Allocator.merge(command.items());
            Map<String, Map<String, Integer>> recipes = items == null || existing.contains(command.orderId())
                    ? null : recipes(storedRecipes.getOrDefault(command.venueId(), Map.of()), items);
            if (recipes == null) {
                continue;
            }
            Map<String, Map<String, Integer>> venueStock = stock.computeIfAbsent(command.venueId(), v -> copy(free.getOrDefault(v, Map.of())));
            Map<String, Integer> need = Allocator.need(items, recipes);
            List<String> candidates = Allocator.candidates(venueStock, need);
            if (candidates.isEmpty()) {
                taken.add(command);
                rejections.put(command, new ReservationStore.Rejection(command.orderId(), command.venueId(), command.items(),
                        Allocator.unservable(items, recipes, venueStock)));
            } else {
                Map<String, Integer> unit = venueStock.get(candidates.get(0));
                need.forEach((ingredient, ml) -> unit.merge(ingredient, -ml, Integer::sum));
            }
        }
        return EventRouter.BulkPlan.of(taken, (tx, fresh) -> reject(tx, fresh.stream().map(rejections::get).toList())
                .invoke(() -> fresh.forEach(c -> soldOut.rejected(c.venueId()))));
    }

    private Uni<Void> reject(SqlConnection tx, List<ReservationStore.Rejection> rejections) {
        List<Outbox.Keyed<StockRejected>> events = rejections.stream().map(r -> new Outbox.Keyed<>(r.orderId(),
                new StockRejected(r.orderId(), r.venueId(), r.unavailable(), "out-of-stock"))).toList();
        return store.insertRejected(tx, rejections, "out-of-stock")
                .chain(() -> outbox.publishAll(tx, InventoryEvents.STOCK_REJECTED, events))
                .replaceWithVoid();
    }

    /** The recipe of each item's drink; null when one has none here or it cannot be read (its handler says why). */
    private Map<String, Map<String, Integer>> recipes(Map<String, String> stored, List<Item> items) {
        Map<String, Map<String, Integer>> recipes = new HashMap<>();
        for (Item item : items) {
            String json = stored.get(item.drinkId());
            if (json == null) {
                return null;
            }
            try {
                recipes.put(item.drinkId(), Recipes.millilitres(mapper.readTree(json)));
            } catch (Exception e) {
                return null;
            }
        }
        return recipes;
    }

    private static Map<String, Map<String, Integer>> copy(Map<String, Map<String, Integer>> free) {
        Map<String, Map<String, Integer>> copy = new TreeMap<>();
        free.forEach((unit, slots) -> copy.put(unit, new HashMap<>(slots)));
        return copy;
    }
}
