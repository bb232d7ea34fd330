package io.rotender.order.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rotender.contracts.units.UnitCommands.PourItem;
import io.rotender.contracts.units.UnitCommands.RecipeLine;
import io.rotender.order.catalog.RecipeLines;
import io.rotender.order.config.OrderConfig;
import io.rotender.order.pos.PosStatus;
import io.rotender.platform.problem.ProblemException;
import io.rotender.platform.tracing.EventTracing;
import io.rotender.platform.security.Partner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The order state machine. Every change runs in one transaction that locks the order's row and writes the
 * new state with the events and commands it causes (outbox). Prices come from the catalog projection.
 * <pre>
 * pending ──StockReserved+paid──▶ confirmed ──right code──▶ ready ──Poured──▶ poured
 *    │  └─StockReserved, payment pending: held until PUT paid       │              └─PourFailed──▶ failed
 *    ├─StockRejected──▶ rejected                                     └─(code wrong 5x: locked until reissued)
 *    └─cancelled (partner, POS rejection) / expired (TTL): stock released
 * </pre>
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

    public OrderService(Pool pool, OrderStore store, OrderOutbox events, Codes codes, CodeIssuer codeIssuer, OrderConfig config,
                        ObjectMapper mapper, EventTracing tracing) {
        this.pool = pool;
        this.store = store;
        this.events = events;
        this.codes = codes;
        this.codeIssuer = codeIssuer;
        this.config = config;
        this.mapper = mapper;
        this.tracing = tracing;
    }

    static ProblemException outOfStock(String orderId, List<String> drinks) {
        ProblemException problem = ProblemException.conflict("out-of-stock", "Out of stock",
                "Cannot be served now: " + String.join(", ", drinks)).with("unavailable_drinks", drinks);
        return orderId == null ? problem : problem.with("order_id", orderId);
    }

    // ---- inventory answers -----------------------------------------------------------------------------------

    public Uni<Void> reserved(SqlConnection tx, String orderId, String unitId, String unitName, String unitLocation) {
        return store.lock(tx, orderId).chain(o -> {
            if (o == null) {
                return Uni.createFrom().voidItem();
            }
            if (!"pending".equals(o.status)) {
                // cancelled or expired before the reservation came back: give the stock back
                return o.reserved ? Uni.createFrom().voidItem() : events.releaseStock(tx, o, o.status);
            }
            o.reserved = true;
            o.unitId = unitId;
            o.unitName = unitName;
            o.unitLocation = unitLocation;
            Uni<Void> next = "paid".equals(o.paymentStatus)
                    ? confirm(tx, o)
                    : store.save(tx, o).chain(() -> events.changed(tx, "Held", o));
            return next.chain(() -> OrderWaiter.notifySettled(tx, o.id));
        });
    }

    public Uni<Void> rejected(SqlConnection tx, String orderId, List<String> unavailable, String reason) {
        return store.lock(tx, orderId).chain(o -> {
            if (o == null || !o.canMoveTo(OrderStatus.REJECTED)) {
                return Uni.createFrom().voidItem();
            }
            o.moveTo(OrderStatus.REJECTED);
            o.unavailableDrinks = mapper.valueToTree(unavailable);
            o.reason = reason;
            return store.save(tx, o).chain(() -> events.changed(tx, "Rejected", o)).chain(() -> OrderWaiter.notifySettled(tx, o.id));
        });
    }

    /** Stock reserved and payment made: a code unique among the unit's open orders goes to its screen. */
    private Uni<Void> confirm(SqlConnection tx, Order o) {
        return store.orderTtlMinutes(tx, o.venueId).chain(ttl -> codeIssuer.issue(tx, o).chain(code -> {
            o.moveTo(OrderStatus.CONFIRMED);
            o.expiresAt = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(ttl);
            return store.save(tx, o).chain(() -> events.showCode(tx, o, code)).chain(() -> events.changed(tx, "Confirmed", o));
        }));
    }

    // ---- PUT -------------------------------------------------------------------------------------------------

    /** The order after the update, or the problem to answer (committed first: wrong codes count). */
    public record Updated(Order order, ProblemException problem) {
    }

    public Uni<Order> update(Partner partner, String venueId, String orderId, OrderUpdate update) {
        return pool.withTransaction(tx -> store.lock(tx, orderId).chain(o -> {
            if (o == null || !o.venueId.equals(venueId) || !o.partnerId.equals(partner.id())) {
                return Uni.createFrom().failure(ProblemException.notFound("Order " + orderId));
            }
            return switch (update.status()) {
                case "paid" -> paid(tx, o);
                case "cancelled" -> cancel(tx, o, "Cancelled", "cancelled by partner", true);
                default -> codeEntered(tx, o, update.code());
            };
        })).map(updated -> {
            if (updated.problem() != null) {
                throw updated.problem();
            }
            return updated.order();
        });
    }

    private Uni<Updated> paid(SqlConnection tx, Order o) {
        if ("paid".equals(o.paymentStatus)) {
            return Uni.createFrom().item(new Updated(o, null));
        }
        if (!"pending".equals(o.status)) {
            return Uni.createFrom().item(new Updated(o, illegal(o, "paid")));
        }
        o.paymentStatus = "paid";
        ((ObjectNode) o.payment).put("status", "paid");
        Uni<Void> next = o.reserved ? confirm(tx, o) : store.save(tx, o).chain(() -> events.changed(tx, "Paid", o));
        return next.replaceWith(new Updated(o, null));
    }

    private Uni<Updated> codeEntered(SqlConnection tx, Order o, String code) {
        if ("ready".equals(o.status) || "poured".equals(o.status)) {
            return Uni.createFrom().item(new Updated(o, null)); // the same code twice: the pour is already started
        }
        if (!"confirmed".equals(o.status)) {
            return Uni.createFrom().item(new Updated(o, illegal(o, "ready")));
        }
        if (code == null) {
            return Uni.createFrom().item(new Updated(o, ProblemException.invalidField("code", "the 4 digits shown on the unit are required")));
        }
        if (o.codeLocked) {
            return Uni.createFrom().item(new Updated(o, locked(o)));
        }
        return store.requiresPosAcceptance(tx, o.venueId).chain(posFirst -> {
            if (posFirst && !"accepted".equals(o.posStatus) && !"in_delivery".equals(o.posStatus)) {
                return Uni.createFrom().item(new Updated(o, ProblemException.conflict("pos-acceptance-required",
                        "Waiting for the POS", "The venue's POS has not accepted order " + o.id + " yet")
                        .with("status", o.status).with("pos_status", o.posStatus)));
            }
            if (!codes.matches(o.unitId, code, o.codeHash)) {
                o.codeAttempts++;
                if (o.codeAttempts >= config.maxCodeAttempts()) {
                    o.codeLocked = true;
                    return store.save(tx, o).chain(() -> events.changed(tx, "CodeLocked", o)).replaceWith(new Updated(o, locked(o)));
                }
                int remaining = config.maxCodeAttempts() - o.codeAttempts;
                return store.save(tx, o).replaceWith(new Updated(o, new ProblemException(422, "wrong-code", "Wrong code",
                        "The code does not match the one on the unit's screen").with("remaining_attempts", remaining)));
            }
            o.moveTo(OrderStatus.READY);
            // the pour joins the order's trace (the one its POST started), linked to this request's
            return store.save(tx, o).chain(() -> pourItems(tx, o))
                    .chain(items -> tracing.continuing(o.traceparent, "order ready",
                            () -> events.pour(tx, o, items).chain(() -> events.changed(tx, "Ready", o))))
                    .replaceWith(new Updated(o, null));
        });
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

    Uni<Updated> cancel(SqlConnection tx, Order o, String change, String reason, boolean byPartner) {
        if ("cancelled".equals(o.status)) {
            return Uni.createFrom().item(new Updated(o, null));
        }
        if (!o.isOpen()) {
            return Uni.createFrom().item(new Updated(o, byPartner ? illegal(o, "cancelled") : null));
        }
        boolean showing = "confirmed".equals(o.status);
        o.moveTo("Expired".equals(change) ? OrderStatus.EXPIRED : OrderStatus.CANCELLED);
        o.reason = reason;
        return store.save(tx, o)
                .chain(() -> events.releaseStock(tx, o, o.status))
                .chain(() -> showing ? events.clearCode(tx, o) : Uni.createFrom().voidItem())
                .chain(() -> events.changed(tx, change, o))
                .replaceWith(new Updated(o, null));
    }

    private static ProblemException illegal(Order o, String wanted) {
        return ProblemException.conflict("illegal-transition", "Illegal transition",
                        "Order " + o.id + " is " + o.status + (o.codeLocked ? " (locked)" : "") + ": it cannot become " + wanted)
                .with("status", o.status).with("payment_status", o.paymentStatus);
    }

    private static ProblemException locked(Order o) {
        return new ProblemException(423, "code-locked", "Order locked",
                "Too many wrong codes for order " + o.id + ": venue staff must issue a new code").with("remaining_attempts", 0);
    }

    // ---- staff, units, POS, expiry ----------------------------------------------------------------------------

    /** Venue staff: a new code on the unit's screen, attempts reset, lock lifted. */
    public Uni<Order> reissueCode(String orderId) {
        return pool.withTransaction(tx -> store.lock(tx, orderId).chain(o -> {
            if (o == null) {
                return Uni.createFrom().failure(ProblemException.notFound("Order " + orderId));
            }
            if (!"confirmed".equals(o.status)) {
                return Uni.createFrom().failure(illegal(o, "confirmed with a new code"));
            }
            return codeIssuer.issue(tx, o).chain(code -> store.save(tx, o).chain(() -> events.showCode(tx, o, code))
                    .chain(() -> events.changed(tx, "CodeReissued", o)).replaceWith(o));
        }));
    }

    public Uni<Void> poured(SqlConnection tx, String orderId) {
        return store.lock(tx, orderId).chain(o -> {
            if (o == null || !o.canMoveTo(OrderStatus.POURED)) {
                return Uni.createFrom().voidItem();
            }
            o.moveTo(OrderStatus.POURED);
            return store.save(tx, o).chain(() -> events.changed(tx, "Poured", o));
        });
    }

    public Uni<Void> pourFailed(SqlConnection tx, String orderId, String reason) {
        return store.lock(tx, orderId).chain(o -> {
            if (o == null || !o.canMoveTo(OrderStatus.FAILED)) {
                return Uni.createFrom().voidItem();
            }
            o.moveTo(OrderStatus.FAILED);
            o.reason = reason == null ? "the unit could not pour" : reason;
            return store.save(tx, o).chain(() -> events.changed(tx, "Failed", o));
        });
    }

    /** A POS answer: the POS state moves; a rejection or cancellation before the pour cancels the order. */
    public Uni<Void> posCommand(SqlConnection tx, String orderId, String command, String reason) {
        return store.lock(tx, orderId).chain(o -> {
            if (o == null) {
                return Uni.createFrom().voidItem();
            }
            String posStatus = PosStatus.of(command);
            if (!PosStatus.advances(o.posStatus, posStatus)) {
                return Uni.createFrom().voidItem(); // a repeat, or a late message about an earlier state
            }
            o.posStatus = posStatus;
            if (("rejected".equals(posStatus) || "cancelled".equals(posStatus)) && o.isOpen()) {
                return cancel(tx, o, "Cancelled", "POS " + posStatus + (reason == null ? "" : ": " + reason), false).replaceWithVoid();
            }
            return store.save(tx, o).chain(() -> events.changed(tx, "PosStatusChanged", o));
        });
    }

    public Uni<Void> expire(SqlConnection tx, String orderId) {
        return store.lock(tx, orderId).chain(o -> o == null || !o.isOpen() || o.expiresAt.isAfter(OffsetDateTime.now())
                ? Uni.createFrom().voidItem()
                : cancel(tx, o, "Expired", "pending".equals(o.status) && !"paid".equals(o.paymentStatus)
                        ? "payment not completed in time" : "code not used in time", false).replaceWithVoid());
    }
}
