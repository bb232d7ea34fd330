package io.rotender.order.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotender.contracts.inventory.InventoryEvents.StockRejected;
import io.rotender.contracts.units.UnitCommands.PourItem;
import io.rotender.contracts.units.UnitCommands.RecipeLine;
import io.rotender.order.catalog.RecipeLines;
import io.rotender.order.config.OrderConfig;
import io.rotender.order.orders.OrderEffect.Changed;
import io.rotender.order.orders.OrderEffect.ReleaseStock;
import io.rotender.order.orders.OrderEffect.ShowNewCode;
import io.rotender.order.orders.OrderLifecycle.Decision;
import io.rotender.order.orders.OrderLifecycle.Ending;
import io.rotender.platform.problem.ProblemException;
import io.rotender.platform.tracing.EventTracing;
import io.rotender.platform.security.Partner;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Carries out an order's changes: each in one transaction that locks the order's row, asks {@link OrderLifecycle}
 * what the change is (no I/O there), then does what it returns in order: the row, the events and commands
 * (outbox), the code's issue, the waiting POST's wake-up. The state machine itself is {@link OrderStatus} and
 * {@link OrderLifecycle}.
 */
@ApplicationScoped
public class OrderService {

    private final Pool pool;
    private final OrderStore store;
    private final OrderOutbox events;
    private final Codes codes;
    private final CodeIssuer codeIssuer;
    private final OrderConfig config;
    private final ObjectMapper mapper;
    private final EventTracing tracing;
    private final OrderWaiter waiter;

    public OrderService(Pool pool, OrderStore store, OrderOutbox events, Codes codes, CodeIssuer codeIssuer, OrderConfig config,
                        ObjectMapper mapper, EventTracing tracing, OrderWaiter waiter) {
        this.pool = pool;
        this.store = store;
        this.events = events;
        this.codes = codes;
        this.codeIssuer = codeIssuer;
        this.config = config;
        this.mapper = mapper;
        this.tracing = tracing;
        this.waiter = waiter;
    }

    // ---- inventory's answers, the unit's reports, POS answers, expiry: in the consumer's transaction ----------

    public Uni<Void> reserved(SqlConnection tx, String orderId, String unitId, String unitName, String unitLocation) {
        return change(tx, orderId, o -> OrderLifecycle.reserved(o, unitId, unitName, unitLocation));
    }

    public Uni<Void> rejected(SqlConnection tx, String orderId, List<String> unavailable, String reason) {
        return change(tx, orderId, o -> OrderLifecycle.rejected(o, mapper.valueToTree(unavailable), reason));
    }

    /**
     * Inventory's rejections of several orders, in one transaction (a poll's rejections of a sold-out burst): each decided
     * as {@link #rejected} decides one, carried out a statement for all ({@link #changeAll}).
     */
    public Uni<Void> rejectedAll(SqlConnection tx, List<StockRejected> rejections) {
        Map<String, Function<Order, Decision>> decisions = new LinkedHashMap<>();
        rejections.forEach(r -> decisions.put(r.orderId(),
                o -> OrderLifecycle.rejected(o, mapper.valueToTree(r.unavailableDrinks()), r.reason())));
        return changeAll(tx, decisions);
    }

    public Uni<Void> poured(SqlConnection tx, String orderId) {
        return change(tx, orderId, OrderLifecycle::poured);
    }

    public Uni<Void> pourFailed(SqlConnection tx, String orderId, String reason) {
        return change(tx, orderId, o -> OrderLifecycle.pourFailed(o, reason));
    }

    /** A POS answer: the POS state moves; a rejection or cancellation before the pour cancels the order. */
    public Uni<Void> posCommand(SqlConnection tx, String orderId, String command, String reason) {
        return change(tx, orderId, o -> OrderLifecycle.posCommand(o, command, reason));
    }

    public Uni<Void> expire(SqlConnection tx, String orderId) {
        return change(tx, orderId, o -> OrderLifecycle.expire(o, OffsetDateTime.now(ZoneOffset.UTC)));
    }

    /** A change an event causes: an unknown order (another service's, or gone) changes nothing. */
    private Uni<Void> change(SqlConnection tx, String orderId, Function<Order, Decision> decide) {
        return store.lock(tx, orderId).chain(o -> o == null ? Uni.createFrom().voidItem() : apply(tx, o, decide.apply(o).effects(), 0));
    }

    /**
     * Changes several orders in one transaction: their rows locked together (unknown ones change nothing), each decided
     * alone; the decisions that only save, publish a change and wake a waiting POST are carried out a statement for all
     * (the rows, then each change's events, then the wake-ups: each order's effects in their order), any other one
     * as {@link #change} carries it out.
     */
    private Uni<Void> changeAll(SqlConnection tx, Map<String, Function<Order, Decision>> decisions) {
        return store.lockAll(tx, decisions.keySet()).chain(orders -> {
            List<Order> saved = new ArrayList<>();
            Map<String, List<Order>> changed = new LinkedHashMap<>();
            List<Order> settled = new ArrayList<>();
            Map<Order, List<OrderEffect>> alone = new LinkedHashMap<>();
            for (Order o : orders) {
                List<OrderEffect> effects = decisions.get(o.id).apply(o).effects();
                if (!carriedOutTogether(effects)) {
                    alone.put(o, effects);
                    continue;
                }
                for (OrderEffect effect : effects) {
                    if (effect instanceof OrderEffect.Save) {
                        saved.add(o);
                    } else if (effect instanceof Changed c) {
                        changed.computeIfAbsent(c.change(), change -> new ArrayList<>()).add(o);
                    } else {
                        settled.add(o);
                    }
                }
            }
            Uni<Void> together = store.saveAll(tx, saved);
            for (Map.Entry<String, List<Order>> change : changed.entrySet()) {
                together = together.chain(() -> events.changedAll(tx, change.getKey(), change.getValue()));
            }
            return together.chain(() -> waiter.settledAll(tx, settled, config.reservationWait()))
                    .chain(() -> Multi.createFrom().iterable(alone.entrySet())
                            .onItem().transformToUniAndConcatenate(o -> apply(tx, o.getKey(), o.getValue(), 0))
                            .collect().last().replaceWithVoid());
        });
    }

    /** Whether effects are only a save, then changes, then a wake-up, in that order: what {@link #changeAll} does together. */
    private static boolean carriedOutTogether(List<OrderEffect> effects) {
        int stage = 0;
        for (OrderEffect effect : effects) {
            int next = effect instanceof OrderEffect.Save ? 0 : effect instanceof Changed ? 1 : effect instanceof OrderEffect.Settled ? 2 : -1;
            if (next < stage) {
                return false;
            }
            stage = next;
        }
        return true;
    }

    // ---- the partner's PUT, the staff's reissue: their own transaction ----------------------------------------

    private record Updated(Order order, ProblemException problem) {
    }

    /** The order after the update; a refusal is answered after the commit (wrong codes count). */
    public Uni<Order> update(Partner partner, String venueId, String orderId, OrderUpdate update) {
        return pool.withTransaction(tx -> store.lock(tx, orderId).chain(o -> {
            if (o == null || !o.venueId.equals(venueId) || !o.partnerId.equals(partner.id())) {
                return Uni.createFrom().failure(ProblemException.notFound("Order " + orderId));
            }
            Decision d = switch (update.status()) {
                case "paid" -> OrderLifecycle.paid(o);
                case "cancelled" -> OrderLifecycle.end(o, Ending.BY_PARTNER, "cancelled by partner");
                default -> codeEntered(o, update.code());
            };
            return apply(tx, o, d.effects(), 0).replaceWith(new Updated(o, d.problem()));
        })).map(updated -> {
            if (updated.problem() != null) {
                throw updated.problem();
            }
            return updated.order();
        });
    }

    private Decision codeEntered(Order o, String code) {
        Decision known = OrderLifecycle.beforeCodeCheck(o, code);
        if (known != null) {
            return known;
        }
        boolean matches = codes.matches(o.unitId, code, o.codeHash);
        return OrderLifecycle.codeChecked(o, o.venueRequiresPosAcceptance, matches, config.maxCodeAttempts());
    }

    /** Venue staff: a new code on the unit's screen, attempts reset, lock lifted. */
    public Uni<Order> reissueCode(String orderId) {
        return pool.withTransaction(tx -> store.lock(tx, orderId).chain(o -> {
            if (o == null) {
                return Uni.createFrom().failure(ProblemException.notFound("Order " + orderId));
            }
            Decision d = OrderLifecycle.reissueCode(o);
            return d.problem() != null ? Uni.createFrom().failure(d.problem()) : apply(tx, o, d.effects(), 0).replaceWith(o);
        }));
    }

    // ---- the effects ---------------------------------------------------------------------------------------------

    /** Carries out {@code effects} from {@code from} on, in order; from a Pour on, in the trace that placed the order. */
    private Uni<Void> apply(SqlConnection tx, Order o, List<OrderEffect> effects, int from) {
        Uni<Void> done = Uni.createFrom().voidItem();
        for (int i = from; i < effects.size(); i++) {
            OrderEffect effect = effects.get(i);
            if (effect instanceof OrderEffect.Pour) {
                int rest = i + 1;
                // the pour joins the order's trace (the one its POST started), linked to this request's
                return done.chain(() -> pourItems(tx, o)).chain(items -> tracing.continuing(o.traceparent, "order ready",
                        () -> events.pour(tx, o, items).chain(() -> apply(tx, o, effects, rest))));
            }
            done = done.chain(() -> carryOut(tx, o, effect));
        }
        return done;
    }

    private Uni<Void> carryOut(SqlConnection tx, Order o, OrderEffect effect) {
        if (effect instanceof OrderEffect.Save) {
            return store.save(tx, o);
        } else if (effect instanceof Changed changed) {
            return events.changed(tx, changed.change(), o);
        } else if (effect instanceof ReleaseStock release) {
            return events.releaseStock(tx, o, release.reason());
        } else if (effect instanceof OrderEffect.ClearCode) {
            return events.clearCode(tx, o);
        } else if (effect instanceof ShowNewCode show) {
            return showNewCode(tx, o, show.startsTtl());
        } else if (effect instanceof OrderEffect.Settled) {
            return waiter.settled(tx, o, config.reservationWait());
        }
        throw new IllegalStateException("no way to carry out " + effect);
    }

    private Uni<Void> showNewCode(SqlConnection tx, Order o, boolean startsTtl) {
        if (startsTtl) {
            o.expiresAt = Order.expiryIn(o.ttlMinutes);
        }
        return codeIssuer.issue(tx, o).chain(code -> events.showCode(tx, o, code));
    }

    /** What the unit pours; a drink whose recipe is missing or cannot be read fails the request and changes nothing. */
    private Uni<List<PourItem>> pourItems(SqlConnection tx, Order o) {
        List<String> ids = new ArrayList<>();
        o.items.forEach(i -> ids.add(i.path("drink_id").asText()));
        return store.recipes(tx, o.venueId, ids.toArray(String[]::new)).map(recipes -> {
                    List<PourItem> items = new ArrayList<>();
                    for (JsonNode i : o.items) {
                        String drinkId = i.path("drink_id").asText();
                        List<RecipeLine> recipe;
                        try {
                            recipe = RecipeLines.read(recipes.containsKey(drinkId) ? mapper.readTree(recipes.get(drinkId)).path("lines") : null);
                        } catch (Exception e) {
                            throw new IllegalStateException("Drink " + drinkId + " of venue " + o.venueId
                                    + " has no readable recipe: order " + o.id + " not poured (" + e.getMessage() + ")", e);
                        }
                        items.add(new PourItem(drinkId, i.path("name").asText(), i.path("quantity").asInt(), recipe));
                    }
                    return items;
                });
    }
}
