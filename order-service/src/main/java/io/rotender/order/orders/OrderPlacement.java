package io.rotender.order.orders;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rotender.order.config.OrderConfig;
import io.rotender.platform.problem.ProblemException;
import io.rotender.platform.security.Partner;
import io.rotender.platform.security.Secrets;
import io.rotender.platform.tracing.EventTracing;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.concurrent.CompletableFuture;

/**
 * Placing an order (a partner's POST): idempotency (the same {@code partner_order_id} or {@code Idempotency-Key} with the
 * same body answers the order placed before; with another body, 422), pricing ({@link OrderPricing}), the pending order
 * and its ReserveStock in one transaction, then the wait for inventory's answer up to the configured bound
 * ({@link OrderWaiter}); the order is returned as it is then, and the resource chooses the HTTP status.
 */
@ApplicationScoped
public class OrderPlacement {

    private final Pool pool;
    private final OrderStore store;
    private final OrderOutbox events;
    private final OrderWaiter waiter;
    private final OrderConfig config;
    private final ObjectMapper mapper;
    private final EventTracing tracing;
    private final Timer reservation;

    public OrderPlacement(Pool pool, OrderStore store, OrderOutbox events, OrderWaiter waiter, OrderConfig config, ObjectMapper mapper,
                          EventTracing tracing, MeterRegistry registry) {
        this.pool = pool;
        this.store = store;
        this.events = events;
        this.waiter = waiter;
        this.config = config;
        this.mapper = mapper;
        this.tracing = tracing;
        // POST to the reservation's answer as a POST sees it (rotender_order_reservation_seconds); a POST whose
        // bound passed first (202) is not counted here
        this.reservation = Timer.builder("rotender.order.reservation")
                .description("Time from an order's POST to its reservation answer").publishPercentileHistogram()
                .register(registry);
    }

    /** The order placed (or, for a repeated key, the one placed before), as it is once its reservation was answered or the wait passed. */
    public Uni<Order> place(Partner partner, String venueId, OrderRequest request, String idempotencyKey) {
        long started = System.nanoTime();
        if (request.venueId() != null && !request.venueId().equals(venueId)) {
            return Uni.createFrom().failure(ProblemException.invalidField("venue_id", "must match the venue in the path"));
        }
        String key = request.partnerOrderId() != null ? request.partnerOrderId() : idempotencyKey;
        String hash = Secrets.sha256Hex(venueId + "\n" + json(request));
        // no read first: a repeat is met by the insert (the same key), or by pricing when what was accepted then is
        // refused now (a drink sold out since); either way it answers the order placed before
        return priced(venueId, request).onItemOrFailure().transformToUni((order, failure) -> {
            if (failure == null) {
                return placeNew(partner, key, hash, order, started);
            }
            if (key == null || !(failure instanceof ProblemException refused)) {
                return Uni.createFrom().failure(failure);
            }
            return store.findByPartnerKey(pool, partner.id(), key).map(existing -> {
                if (existing == null) {
                    throw refused;
                }
                return repeat(existing, hash);
            });
        });
    }

    private Uni<Order> placeNew(Partner partner, String key, String hash, Order order, long started) {
        order.partnerId = partner.id();
        order.partnerOrderId = key;
        order.requestHash = hash;
        order.traceparent = tracing.traceparent();
        CompletableFuture<Order> settled = waiter.expect(order.id);
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
                        ? waiter.await(settled, config.reservationWait()).chain(wait -> {
                            if (wait.answered()) {
                                reservation.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
                            }
                            // settled here: the order as its transaction committed it; otherwise read as it is now
                            return wait.order() != null ? Uni.createFrom().item(wait.order()) : store.find(pool, order.id);
                        })
                        // the partner placed an order with this key before (or a concurrent POST won the insert)
                        : store.findByPartnerKey(pool, partner.id(), key).map(o -> repeat(o, hash)))
                // nothing waits for an order that was not placed (a repeat, a failed transaction)
                .onTermination().invoke(() -> waiter.forget(order.id, settled));
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
        return store.pricingCatalog(pool, venueId, drinkIds).map(catalog -> {
            if (catalog == null) {
                throw ProblemException.notFound("Venue " + venueId);
            }
            return OrderPricing.price(venueId, catalog.venue(), catalog.drinks(), request, mapper);
        });
    }


    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
