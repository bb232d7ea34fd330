package io.rotender.order.orders;

import io.rotender.order.limits.OrderRateLimits;
import io.rotender.platform.problem.Problem;
import io.rotender.platform.problem.ProblemException;
import io.rotender.platform.security.CurrentPartner;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Partner API orders (Rotender Partner API v1 and its extensions). Needs a partner key scoped to the venue. */
@Path("/venues/{venueId}/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Partner orders")
public class OrderResource {

    private static final String ID = OrderRequest.ID;
    private static final String ID_MESSAGE = OrderRequest.ID_MESSAGE;

    private final OrderService orders;
    private final OrderPlacement placement;
    private final OrderStore store;
    private final CurrentPartner partner;
    private final io.vertx.mutiny.sqlclient.Pool pool;
    private final OrderRateLimits limits;

    public OrderResource(OrderService orders, OrderPlacement placement, OrderStore store, CurrentPartner partner,
                         io.vertx.mutiny.sqlclient.Pool pool, OrderRateLimits limits) {
        this.orders = orders;
        this.placement = placement;
        this.store = store;
        this.partner = partner;
        this.pool = pool;
        this.limits = limits;
    }

    static final int RETRY_PENDING_SECONDS = 1;

    @POST
    @APIResponse(responseCode = "201", description = "Confirmed (or, payment pending, held) with the unit to walk to",
            headers = @Header(name = "Location", description = "The order's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = OrderView.class),
                    examples = @ExampleObject(name = "walkthrough", value = OrderExamples.CREATED)))
    @APIResponse(responseCode = "202", description = "Still pending after the reservation bound: GET Location after Retry-After",
            headers = {@Header(name = "Location", description = "The order's URL", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Retry-After", description = "Seconds", schema = @Schema(type = SchemaType.INTEGER))},
            content = @Content(schema = @Schema(implementation = OrderView.class)))
    @APIResponse(responseCode = "409", description = "out-of-stock: no unit can pour it now (unavailable_drinks names the drinks); "
            + "nothing was created", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem"),
            examples = @ExampleObject(name = "out-of-stock", value = OrderExamples.OUT_OF_STOCK)))
    @APIResponse(responseCode = "422", description = "payment-mismatch (expected_amount), idempotency-key-reused (the key was "
            + "used with another body), unknown-drink", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "429", description = "rate-limited: the partner or the venue places orders faster than its limit",
            headers = @Header(name = "Retry-After", description = "Seconds", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @Operation(operationId = "createOrder", summary = "Create an order",
            description = "201 confirmed (or held while payment is pending) with the unit to walk to; 409 out of stock naming the "
                    + "drinks; 202 pending with a Location and Retry-After when the reservation takes longer than the configured bound; 429 with "
                    + "Retry-After when the partner or the venue places orders faster than its rate limit.")
    public Uni<Response> create(@PathParam("venueId") @Pattern(regexp = ID, message = ID_MESSAGE) String venueId,
                                @HeaderParam("Idempotency-Key") @Size(min = 1, max = 100) @Pattern(regexp = "[\\x21-\\x7E]+",
                                        message = "must be printable ASCII without spaces") String idempotencyKey,
                                @RequestBody(content = @Content(examples = @ExampleObject(name = "walkthrough",
                                        value = OrderExamples.CREATE))) @NotNull @Valid OrderRequest request) {
        limits.placingOrder(partner.get().id(), venueId);
        return placement.place(partner.get(), venueId, request, idempotencyKey).map(o -> {
            int status = statusOf(o);
            if (status == 409) {
                throw OrderPricing.outOfStock(o.id, o.unavailableDrinks == null ? List.of() : readList(o));
            }
            Response.ResponseBuilder answer = Response.status(status).entity(OrderView.of(o))
                    .location(URI.create("/venues/" + venueId + "/orders/" + o.id));
            if (status == 202) {
                // still pending: where to look (Location) and when (the reservation normally answers within a second)
                answer.header("Retry-After", RETRY_PENDING_SECONDS);
            }
            return answer.build();
        });
    }

    /** What a POST answers for the order as it is: 409 rejected, 202 still waiting for its reservation, else 201. */
    static int statusOf(Order o) {
        if ("rejected".equals(o.status)) {
            return 409;
        }
        if ("pending".equals(o.status) && !o.reserved) {
            return 202;
        }
        return 201;
    }

    private static List<String> readList(Order o) {
        List<String> drinks = new java.util.ArrayList<>();
        o.unavailableDrinks.forEach(d -> drinks.add(d.asText()));
        return drinks;
    }

    @PUT
    @APIResponse(responseCode = "200", description = "The order as it is now", content = @Content(schema = @Schema(implementation = OrderView.class)))
    @APIResponse(responseCode = "409", description = "The order cannot move there from its state (for example ready before paid)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", description = "wrong-code (remaining_attempts)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "423", description = "code-locked: five wrong codes; staff must reissue one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "429", description = "rate-limited: codes tried faster than the limit",
            headers = @Header(name = "Retry-After", description = "Seconds", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @Operation(operationId = "updateOrderV1", summary = "Update an order (v1: the body names order_id)")
    public Uni<OrderView> updateV1(@PathParam("venueId") @Pattern(regexp = ID, message = ID_MESSAGE) String venueId,
                                   @NotNull @Valid OrderUpdate update) {
        if (update.orderId() == null || update.orderId().isBlank()) {
            throw ProblemException.invalidField("order_id", "is required");
        }
        limitCodeAttempts(venueId, update);
        return orders.update(partner.get(), venueId, update.orderId(), update).map(OrderView::of);
    }

    @PUT
    @Path("/{orderId}")
    @APIResponse(responseCode = "200", description = "The order as it is now", content = @Content(schema = @Schema(implementation = OrderView.class)))
    @APIResponse(responseCode = "409", description = "The order cannot move there from its state (for example ready before paid)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", description = "wrong-code (remaining_attempts)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem"),
                    examples = @ExampleObject(name = "wrong-code", value = OrderExamples.WRONG_CODE)))
    @APIResponse(responseCode = "423", description = "code-locked: five wrong codes; staff must reissue one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "429", description = "rate-limited: codes tried faster than the limit",
            headers = @Header(name = "Retry-After", description = "Seconds", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @Operation(operationId = "updateOrder", summary = "Update an order: paid, code_entered or ready with the code, cancelled")
    public Uni<OrderView> update(@PathParam("venueId") @Pattern(regexp = ID, message = ID_MESSAGE) String venueId,
                                 @PathParam("orderId") @Pattern(regexp = ID, message = ID_MESSAGE) String orderId,
                                 @RequestBody(content = @Content(examples = @ExampleObject(name = "the code from the unit's screen",
                                         value = OrderExamples.READY))) @NotNull @Valid OrderUpdate update) {
        if (update.orderId() != null && !update.orderId().equals(orderId)) {
            throw ProblemException.invalidField("order_id", "must match the order in the path");
        }
        limitCodeAttempts(venueId, update);
        return orders.update(partner.get(), venueId, orderId, update).map(OrderView::of);
    }

    private void limitCodeAttempts(String venueId, OrderUpdate update) {
        if (update.code() != null) {
            limits.tryingCode(partner.get().id(), venueId);
        }
    }

    @GET
    @Path("/{orderId}")
    @APIResponse(responseCode = "200", description = "The order; while its reservation is still open (the POST answered 202), "
            + "with Retry-After: when to look again", content = @Content(schema = @Schema(implementation = OrderView.class)),
            headers = @Header(name = "Retry-After", description = "Seconds", schema = @Schema(type = SchemaType.INTEGER)))
    @Operation(operationId = "getOrder", summary = "One of the partner's orders")
    public Uni<RestResponse<OrderView>> get(@PathParam("venueId") @Pattern(regexp = ID, message = ID_MESSAGE) String venueId,
                                            @PathParam("orderId") @Pattern(regexp = ID, message = ID_MESSAGE) String orderId) {
        return store.find(pool, orderId).map(o -> {
            if (o == null || !o.venueId.equals(venueId) || !o.partnerId.equals(partner.get().id())) {
                throw ProblemException.notFound("Order " + orderId);
            }
            RestResponse.ResponseBuilder<OrderView> answer = RestResponse.ResponseBuilder.ok(OrderView.of(o));
            if (statusOf(o) == 202) {
                // the same cadence as the POST's 202: an app following it asks again when an answer is likely
                answer.header("Retry-After", RETRY_PENDING_SECONDS);
            }
            return answer.build();
        });
    }

    /** The v1 answer of the list: the partner's orders, newest first (named, so a generated client has a type for it). */
    @Schema(name = "OrderList", type = SchemaType.ARRAY, implementation = OrderView.class, description = "Orders, newest first")
    public interface OrderList {
    }

    /** A page of the change feed: the orders changed after the cursor, oldest change first, and where to go on from. */
    public record ChangesPage(List<OrderView> orders, @com.fasterxml.jackson.annotation.JsonProperty("next_cursor") String nextCursor,
                              @com.fasterxml.jackson.annotation.JsonProperty("has_more") boolean hasMore) {
    }

    @GET
    @APIResponse(responseCode = "200", description = "Without updated_after: the orders, newest first; with it: a page of the change feed",
            content = @Content(schema = @Schema(oneOf = {OrderList.class, ChangesPage.class})))
    @Operation(operationId = "listOrders", summary = "The partner's orders at the venue: newest first, or the change feed with updated_after",
            description = "Without `updated_after`: a JSON array of the orders, newest first, filtered by `status` and `since` (creation time). "
                    + "With `updated_after=<cursor>` (`0` for the start): `{orders, next_cursor, has_more}` with the orders changed after "
                    + "the cursor, oldest change first, each as it is now (an order changed twice since appears once). Call again with "
                    + "`next_cursor` to go on: no change is ever skipped, even while orders change concurrently (a change shows once the "
                    + "transactions that could precede it have finished, usually within milliseconds).")
    public Uni<Response> list(@PathParam("venueId") @Pattern(regexp = ID, message = ID_MESSAGE) String venueId,
                              @QueryParam("status") @Pattern(regexp = "pending|confirmed|ready|poured|rejected|cancelled|expired|failed",
                                      message = "must be an order status") String status,
                              @QueryParam("since") @Size(max = 40) String since,
                              @QueryParam("updated_after") @Size(max = 80) String updatedAfter,
                              @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        if (updatedAfter != null) {
            if (status != null || since != null) {
                throw ProblemException.invalidField("updated_after", "cannot be combined with status or since");
            }
            ChangeCursor after = ChangeCursor.parse("updated_after", updatedAfter);
            return store.changedAfter(pool, partner.get().id(), venueId, after, limit).map(changes -> Response.ok(new ChangesPage(
                    changes.orders().stream().map(OrderView::of).toList(), changes.next().toString(), changes.more())).build());
        }
        OffsetDateTime from = null;
        if (since != null) {
            try {
                from = OffsetDateTime.parse(since);
            } catch (DateTimeParseException e) {
                throw ProblemException.invalidField("since", "must be an ISO-8601 date-time with offset, e.g. 2026-11-23T10:00:00Z");
            }
        }
        return store.list(pool, partner.get().id(), venueId, status, from, limit)
                .map(list -> Response.ok(list.stream().map(OrderView::of).toList()).build());
    }
}
