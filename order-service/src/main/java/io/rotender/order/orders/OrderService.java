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
import io.rotender.platform.security.Secrets;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
    private final OrderWaiter waiter;
    private final Codes codes;
    private final OrderConfig config;
    private final ObjectMapper mapper;
    private final EventTracing tracing;
    private final io.micrometer.core.instrument.Timer reservation;

    public OrderService(Pool pool, OrderStore store, OrderOutbox events, OrderWaiter waiter, Codes codes, OrderConfig config,
                        ObjectMapper mapper, EventTracing tracing, io.micrometer.core.instrument.MeterRegistry registry) {
        // POST to the reservation's answer as a POST sees it (rotender_order_reservation_seconds); a POST whose
        // bound passed first (202) is not counted here
        this.reservation = io.micrometer.core.instrument.Timer.builder("rotender.order.reservation")
                .description("Time from an order's POST to its reservation answer").publishPercentileHistogram()
                .register(registry);
        this.pool = pool;
        this.store = store;
        this.events = events;
        this.waiter = waiter;
        this.codes = codes;
        this.config = config;
        this.mapper = mapper;
        this.tracing = tracing;
    }

    // ---- POST ----------------------------------------------------------------------------------------------

    /** The order placed (or, for a repeated key, the one placed before), as it is once its reservation was answered or the wait passed. */
    public Uni<Order> place(Partner partner, String venueId, OrderRequest request, String idempotencyKey) {
        long started = System.nanoTime();
        if (request.venueId() != null && !request.venueId().equals(venueId)) {
            return Uni.createFrom().failure(ProblemException.invalidField("venue_id", "must match the venue in the path"));
        }
        String key = request.partnerOrderId() != null ? request.partnerOrderId() : idempotencyKey;
        String hash = Secrets.sha256Hex(venueId + "\n" + json(request));
        Uni<Order> previous = key == null ? Uni.createFrom().nullItem() : store.findByPartnerKey(pool, partner.id(), key);
        return previous.chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(repeat(existing, hash));
            }
            return priced(venueId, request).chain(order -> {
                order.partnerId = partner.id();
                order.partnerOrderId = key;
                order.requestHash = hash;
                order.traceparent = tracing.traceparent();
                CompletableFuture<Boolean> settled = waiter.expect(order.id);
                // inventory keeps the stock at most this long, a safety net behind this service's own expiry
                OffsetDateTime holdUntil = order.expiresAt.plus(config.reservationMargin())
                        .plusMinutes("paid".equals(order.paymentStatus) ? 0 : order.ttlMinutes);
                return pool.withTransaction(tx -> store.insert(tx, order).chain(inserted -> {
                            if (!inserted) {
                                return Uni.createFrom().item(false);
                            }
                            return events.reserveStock(tx, order, holdUntil)
                                    .chain(() -> events.changed(tx, "Pending", order)).replaceWith(true);
                        }))
                        .chain(inserted -> inserted
                                ? waiter.await(order.id, settled, config.reservationWait())
                                        .invoke(answered -> {
                                            if (answered) {
                                                reservation.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
                                            }
                                        })
                                        .chain(() -> store.find(pool, order.id))
                                // a concurrent POST with the same key won the insert: answer as its repeat
                                : store.findByPartnerKey(pool, partner.id(), key).map(o -> repeat(o, hash)));
            });
        });
    }

    private Order repeat(Order existing, String hash) {
        if (!existing.requestHash.equals(hash)) {
            throw new ProblemException(422, "idempotency-key-reused", "Idempotency key reused",
                    "partner_order_id / Idempotency-Key " + existing.partnerOrderId + " was already used for a different order")
                    .with("order_id", existing.id);
        }
        return existing;
    }

    /** A new pending order with prices from the catalog, or the 4xx that the request deserves ({@link OrderPricing}). */
    private Uni<Order> priced(String venueId, OrderRequest request) {
        String[] drinkIds = request.lines().stream().map(OrderRequest.Item::drinkId).distinct().toArray(String[]::new);
        return store.venueTerms(pool, venueId).chain(venue -> venue == null
                ? Uni.createFrom().failure(ProblemException.notFound("Venue " + venueId))
                : store.catalogDrinks(pool, venueId, drinkIds).map(drinks -> OrderPricing.price(venueId, venue, drinks, request, mapper)));
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
        return tx.preparedQuery("SELECT order_ttl_minutes FROM venue WHERE id = $1").execute(Tuple.of(o.venueId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getInteger("order_ttl_minutes") : 30)
                .chain(ttl -> freeCode(tx, o.unitId, 0).map(code -> Map.entry(code, ttl)))
                .chain(codeAndTtl -> {
            String code = codeAndTtl.getKey();
            o.moveTo(OrderStatus.CONFIRMED);
            o.codeHash = codes.hash(o.unitId, code);
            o.codeAttempts = 0;
            o.codeLocked = false;
            o.expiresAt = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(codeAndTtl.getValue());
            return store.save(tx, o).chain(() -> events.showCode(tx, o, code)).chain(() -> events.changed(tx, "Confirmed", o));
        });
    }

    private Uni<String> freeCode(SqlConnection tx, String unitId, int attempt) {
        String code = codes.newCode();
        return tx.preparedQuery("SELECT 1 FROM orders WHERE unit_id = $1 AND code_hash = $2 AND status = 'confirmed'")
                .execute(Tuple.of(unitId, codes.hash(unitId, code)))
                .chain(rows -> rows.iterator().hasNext() && attempt < 50 ? freeCode(tx, unitId, attempt + 1) : Uni.createFrom().item(code));
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
        return tx.preparedQuery("SELECT require_pos_acceptance FROM venue WHERE id = $1").execute(Tuple.of(o.venueId)).chain(rows -> {
            boolean posFirst = rows.iterator().hasNext() && rows.iterator().next().getBoolean("require_pos_acceptance");
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
        return tx.preparedQuery("SELECT drink_id, recipe::text AS recipe FROM drink WHERE venue_id = $1 AND drink_id = ANY($2)")
                .execute(Tuple.tuple().addValue(o.venueId).addArrayOfString(ids.toArray(String[]::new))).map(rows -> {
                    Map<String, String> recipes = new HashMap<>();
                    rows.forEach(r -> recipes.put(r.getString("drink_id"), r.getString("recipe")));
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
            return freeCode(tx, o.unitId, 0).chain(code -> {
                o.codeHash = codes.hash(o.unitId, code);
                o.codeAttempts = 0;
                o.codeLocked = false;
                return store.save(tx, o).chain(() -> events.showCode(tx, o, code))
                        .chain(() -> events.changed(tx, "CodeReissued", o)).replaceWith(o);
            });
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

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
