package io.rotender.menu.webhooks;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rotender.menu.catalog.Ids;
import io.rotender.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * A partner's webhook endpoints (admin credential): create (the signing secret is answered once), read, replace,
 * delete, rotate the secret with an overlap, read the delivery log, replay. The partner reads the same with its own
 * key ({@link PartnerWebhooksResource}).
 */
@Path("/admin/partners/{partnerId}/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Partner webhooks")
public class WebhookAdminResource {

    static final String ENDPOINT_ID = "wh_[A-Za-z0-9]{1,32}";

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final WebhookSender sender;
    private final Vertx vertx;

    public WebhookAdminResource(WebhookEndpoints endpoints, WebhookDeliveries deliveries, WebhookSender sender, Vertx vertx) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.sender = sender;
        this.vertx = vertx;
    }

    @POST
    @Operation(summary = "Add a webhook endpoint", description = "201 with the endpoint and its signing secret (`whsec_...`), shown this "
            + "once. `events`: the types it wants (none: all of them). 422 `webhook-url-refused` for a URL that is not https or whose "
            + "host resolves to an address that is not public.")
    public Uni<Response> create(@PathParam("partnerId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String partnerId,
                                @NotNull @Valid WebhookRequest request) {
        return checked(request).chain(() -> endpoints.create(partnerId, request.url(), request.eventsOrAll(), request.description()))
                .map(created -> Response.status(201).entity(created).build());
    }

    @GET
    @Operation(summary = "The partner's webhook endpoints, with their state (never a secret)")
    public Uni<List<WebhookEndpoint>> list(@PathParam("partnerId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String partnerId) {
        return endpoints.list(partnerId);
    }

    @GET
    @Path("/{endpointId}")
    @Operation(summary = "One webhook endpoint and its state: enabled, why it was disabled, failing since, pending deliveries")
    public Uni<WebhookEndpoint> get(@PathParam("partnerId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String partnerId,
                                    @PathParam("endpointId") @Pattern(regexp = ENDPOINT_ID, message = "must be a webhook endpoint id") String id) {
        return endpoints.get(partnerId, id);
    }

    @PUT
    @Path("/{endpointId}")
    @Operation(summary = "Replace an endpoint's URL, events and description",
            description = "`enabled: true` (the default) re-enables a disabled endpoint and forgets its failures; its pending deliveries go on.")
    public Uni<WebhookEndpoint> replace(@PathParam("partnerId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String partnerId,
                                        @PathParam("endpointId") @Pattern(regexp = ENDPOINT_ID, message = "must be a webhook endpoint id") String id,
                                        @NotNull @Valid WebhookRequest request) {
        return checked(request).chain(() -> endpoints.update(partnerId, id, request.url(), request.eventsOrAll(), request.description(),
                request.enabled() == null || request.enabled()));
    }

    @DELETE
    @Path("/{endpointId}")
    @Operation(summary = "Delete an endpoint and its deliveries")
    public Uni<Response> delete(@PathParam("partnerId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String partnerId,
                                @PathParam("endpointId") @Pattern(regexp = ENDPOINT_ID, message = "must be a webhook endpoint id") String id) {
        return endpoints.delete(partnerId, id).map(deleted -> {
            if (!deleted) {
                throw WebhookEndpoints.notFound(partnerId, id);
            }
            return Response.noContent().build();
        });
    }

    /** A secret rotation: how long the current secret keeps signing beside the new one. */
    public record Rotation(@JsonProperty("overlap_minutes") @Min(0) @Max(10080) Integer overlapMinutes) {
    }

    @POST
    @Path("/{endpointId}/secret")
    @Operation(summary = "Rotate the signing secret", description = "Answers the new secret once; for `overlap_minutes` (default 1440, at "
            + "most 10080) both secrets sign every delivery (two `v1,` signatures), so a receiver can switch without missing one.")
    public Uni<WebhookEndpoint> rotate(@PathParam("partnerId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String partnerId,
                                       @PathParam("endpointId") @Pattern(regexp = ENDPOINT_ID, message = "must be a webhook endpoint id") String id,
                                       @Valid Rotation rotation) {
        int minutes = rotation == null || rotation.overlapMinutes() == null ? 1440 : rotation.overlapMinutes();
        return endpoints.rotate(partnerId, id, Duration.ofMinutes(minutes));
    }

    @GET
    @Path("/{endpointId}/deliveries")
    @Operation(summary = "The endpoint's delivery log: its newest attempts with status, latency and outcome")
    public Uni<Map<String, Object>> log(@PathParam("partnerId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String partnerId,
                                        @PathParam("endpointId") @Pattern(regexp = ENDPOINT_ID, message = "must be a webhook endpoint id") String id,
                                        @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return endpoints.get(partnerId, id).chain(endpoint -> deliveries.log(id, limit)
                .map(attempts -> Map.of("endpoint", endpoint, "attempts", attempts)));
    }

    /** What to deliver again: one message, or those that occurred within [from, to). */
    public record Replay(@JsonProperty("message_id") @Pattern(regexp = "msg_[0-9a-f]{32}", message = "must be a webhook-id") String messageId,
                         @Size(max = 40) String from, @Size(max = 40) String to) {
    }

    @POST
    @Path("/{endpointId}/replay")
    @Operation(summary = "Deliver messages again", description = "`message_id` (a `webhook-id`), or `from` (and `to`) bounding when the events "
            + "occurred: new deliveries of the same messages, with the same `webhook-id`, after what is pending. 202 `{queued}`.")
    public Uni<Response> replay(@PathParam("partnerId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String partnerId,
                                @PathParam("endpointId") @Pattern(regexp = ENDPOINT_ID, message = "must be a webhook endpoint id") String id,
                                @NotNull @Valid Replay replay) {
        OffsetDateTime from = time("from", replay.from());
        OffsetDateTime to = time("to", replay.to());
        if (replay.messageId() == null && from == null) {
            throw ProblemException.invalidField("message_id", "name a message_id, or a time range from (and to)");
        }
        if (from != null && to != null && !to.isAfter(from)) {
            throw ProblemException.invalidField("to", "must be after from");
        }
        return endpoints.get(partnerId, id).chain(endpoint -> deliveries.replay(partnerId, id, replay.messageId(), from, to))
                .invoke(sender::wake).map(queued -> Response.accepted(Map.of("queued", queued)).build());
    }

    private static OffsetDateTime time(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "must be an ISO-8601 time with an offset, e.g. 2026-11-30T09:00:00Z");
        }
    }

    /** The request's events are known types and its URL may be delivered to (its host resolved off the event loop). */
    private Uni<Void> checked(WebhookRequest request) {
        List<String> events = request.eventsOrAll();
        for (int i = 0; i < events.size(); i++) {
            if (!WebhookTypes.known(events.get(i))) {
                throw ProblemException.invalidField("events[" + i + "]", "must be one of " + WebhookTypes.ALL);
            }
        }
        try {
            sender.addresses().parse(request.url());
        } catch (EndpointAddress.Refused refused) {
            throw ProblemException.invalidField("url", refused.getMessage());
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                sender.addresses().resolve(request.url());
                return null;
            } catch (EndpointAddress.Refused refused) {
                throw new ProblemException(422, "webhook-url-refused", "Webhook URL refused", "url: " + refused.getMessage());
            }
        })).replaceWithVoid();
    }
}
