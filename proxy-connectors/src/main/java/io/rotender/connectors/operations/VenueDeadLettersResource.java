package io.rotender.connectors.operations;

import io.rotender.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A venue's POS dead letters (admin credential): forwards its POS refused or that were abandoned, and their retry,
 * one or all of a time range. See {@link PosDeadLetters}.
 */
@Path("/admin/venues/{venueId}/pos/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "POS operations")
public class VenueDeadLettersResource {

    private static final String VENUE = "[A-Za-z0-9_-]{1,64}";

    private final PosDeadLetters deadLetters;

    public VenueDeadLettersResource(PosDeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GET
    @Operation(summary = "The venue's forwards its POS refused or that were abandoned, newest first",
            description = "Each with the reason, the POS's last answer, attempts, times, what became of the order, and its retries.")
    public Uni<Map<String, Object>> list(@PathParam("venueId") @Pattern(regexp = VENUE, message = "must be a venue id") String venueId,
                                         @QueryParam("reason") String reason, @QueryParam("from") String from, @QueryParam("to") String to,
                                         @QueryParam("state") @Pattern(regexp = "dead|abandoned", message = "dead or abandoned") String state,
                                         @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return deadLetters.list(new PosDeadLetters.Filter(venueId, null, reason, Times.parse("from", from), Times.parse("to", to), state, limit))
                .map(PosOperationsResource::page);
    }

    @POST
    @Path("/{orderId}/retry")
    @Operation(summary = "Put one dead forward back in the sender's queue",
            description = "Same externalOrderId and body, so the POS deduplicates. 202 when requeued; 409 when the order is no longer "
                    + "confirmed (cancelled, expired, rejected: not retried, and recorded) or the forward is not a dead letter; 404 when "
                    + "the venue has no forward of that order. Who asked is recorded (`X-Rotender-Operator`, and the admin credential).")
    public Uni<Response> retry(@PathParam("venueId") @Pattern(regexp = VENUE, message = "must be a venue id") String venueId,
                               @PathParam("orderId") @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be an order id") String orderId,
                               @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam(Operator.HEADER) String operator) {
        String who = Operator.of(authorization, operator);
        return deadLetters.retry(venueId, orderId, who)
                .map(retry -> {
                    if (!retry.requeued()) {
                        throw ProblemException.conflict("order-not-confirmed", "Order no longer confirmed", retry.refusal())
                                .with("orderId", orderId);
                    }
                    return Response.accepted(PosOperationsResource.view(retry)).build();
                })
                .onFailure(PosDeadLetters.NotADeadLetter.class).transform(e -> {
                    String delivery = ((PosDeadLetters.NotADeadLetter) e).delivery();
                    return delivery == null ? ProblemException.notFound("A forward of order " + orderId + " to the POS of venue " + venueId)
                            : ProblemException.conflict("not-a-dead-letter", "Not a dead letter",
                            "the forward of order " + orderId + " is " + delivery + ": only a dead letter is retried").with("delivery", delivery);
                });
    }

    /** A bulk retry: the venue's dead forwards given up within [from, to), either end open. */
    public record BulkRetry(String from, String to, @Min(1) @Max(1000) Integer limit) {
    }

    @POST
    @Path("/retry")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Put the venue's dead forwards of a time range back in the sender's queue",
            description = "`from` and `to` (ISO-8601, either may be left out) bound when each was given up; at most `limit` (1000), oldest "
                    + "first. Those whose order is no longer confirmed are listed as refused, with the reason.")
    public Uni<Map<String, Object>> retryAll(@PathParam("venueId") @Pattern(regexp = VENUE, message = "must be a venue id") String venueId,
                                             @jakarta.validation.Valid BulkRetry request,
                                             @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                             @HeaderParam(Operator.HEADER) String operator) {
        BulkRetry bulk = request == null ? new BulkRetry(null, null, null) : request;
        OffsetDateTime from = Times.parse("from", bulk.from());
        OffsetDateTime to = Times.parse("to", bulk.to());
        if (from != null && to != null && !to.isAfter(from)) {
            throw ProblemException.invalidField("to", "must be after from");
        }
        String who = Operator.of(authorization, operator);
        return deadLetters.retryAll(venueId, from, to, bulk.limit() == null ? 1000 : bulk.limit(), who).map(retries -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            List<Map<String, Object>> requeued = retries.stream().filter(PosDeadLetters.Retry::requeued).map(PosOperationsResource::view).toList();
            List<Map<String, Object>> refused = retries.stream().filter(r -> !r.requeued()).map(PosOperationsResource::view).toList();
            answer.put("requestedBy", who);
            answer.put("requeued", requeued);
            answer.put("refused", refused);
            return answer;
        });
    }
}
