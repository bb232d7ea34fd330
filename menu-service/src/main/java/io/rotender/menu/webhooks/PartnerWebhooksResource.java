package io.rotender.menu.webhooks;

import io.rotender.platform.security.CurrentPartner;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/**
 * The partner's own webhook endpoints, read with its partner key: their state (why one was disabled) and the
 * delivery log. Endpoints are set up by the admin ({@link WebhookAdminResource}).
 */
@Path("/partner/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Partner webhooks")
public class PartnerWebhooksResource {

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final CurrentPartner partner;

    public PartnerWebhooksResource(WebhookEndpoints endpoints, WebhookDeliveries deliveries, CurrentPartner partner) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.partner = partner;
    }

    @GET
    @Operation(operationId = "listWebhookEndpoints", summary = "The calling partner's webhook endpoints and their state (never a secret)")
    public Uni<List<WebhookEndpoint>> list() {
        return endpoints.list(partner.get().id());
    }

    @GET
    @Path("/{endpointId}")
    @Operation(operationId = "getWebhookEndpoint", summary = "One of the calling partner's endpoints: enabled, why it was disabled, failing since, pending deliveries")
    public Uni<WebhookEndpoint> get(@PathParam("endpointId") @Pattern(regexp = WebhookAdminResource.ENDPOINT_ID,
            message = "must be a webhook endpoint id") String id) {
        return endpoints.get(partner.get().id(), id);
    }

    @GET
    @Path("/{endpointId}/deliveries")
    @Operation(operationId = "listWebhookDeliveries", summary = "The endpoint's delivery log: its newest attempts with status, latency and outcome")
    public Uni<Map<String, Object>> log(@PathParam("endpointId") @Pattern(regexp = WebhookAdminResource.ENDPOINT_ID,
                                                message = "must be a webhook endpoint id") String id,
                                        @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return endpoints.get(partner.get().id(), id).chain(endpoint -> deliveries.log(id, limit)
                .map(attempts -> Map.of("endpoint", endpoint, "attempts", attempts)));
    }
}
