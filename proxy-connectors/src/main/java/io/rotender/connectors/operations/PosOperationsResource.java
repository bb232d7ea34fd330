package io.rotender.connectors.operations;

import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The POS connectors across venues (admin credential): each venue's connector status, and dead letters of every venue. */
@Path("/admin/pos")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "POS operations")
public class PosOperationsResource {

    private final PosDeadLetters deadLetters;
    private final VenueConnectorStatus status;

    public PosOperationsResource(PosDeadLetters deadLetters, VenueConnectorStatus status) {
        this.deadLetters = deadLetters;
        this.status = status;
    }

    @GET
    @Path("/status")
    @Operation(summary = "The connector status of every venue with a POS",
            description = "Last success, last error, forwards queued, dead letters and, for Restaumatic, the venue's circuit (closed, open, "
                    + "half_open). One venue's POS being down shows here and in the metrics, not in the service's readiness.")
    public Uni<Map<String, Object>> status() {
        return status.of(null).map(venues -> Map.of("venues", venues));
    }

    @GET
    @Path("/dead-letters")
    @Operation(summary = "POS dead letters of every venue, newest first",
            description = "Filter by `venueId`, `connector` (restaumatic, portos), text of the `reason` or last answer, `from`/`to` (when given up) "
                    + "and `state` (dead: refused by the POS; abandoned: withdrawn after failed tries).")
    public Uni<Map<String, Object>> deadLetters(@QueryParam("venueId") @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be a venue id") String venueId,
                                                @QueryParam("connector") @Pattern(regexp = "restaumatic|portos", message = "restaumatic or portos") String connector,
                                                @QueryParam("reason") String reason, @QueryParam("from") String from, @QueryParam("to") String to,
                                                @QueryParam("state") @Pattern(regexp = "dead|abandoned", message = "dead or abandoned") String state,
                                                @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return deadLetters.list(new PosDeadLetters.Filter(venueId, connector, reason, Times.parse("from", from), Times.parse("to", to), state, limit))
                .map(PosOperationsResource::page);
    }

    static Map<String, Object> page(List<Map<String, Object>> letters) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("count", letters.size());
        page.put("deadLetters", letters);
        return page;
    }

    static Map<String, Object> view(PosDeadLetters.Retry retry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("orderId", retry.orderId());
        view.put("externalOrderId", retry.externalOrderId());
        view.put("outcome", retry.requeued() ? "requeued" : "refused");
        if (!retry.requeued()) {
            view.put("reason", retry.refusal());
        }
        view.put("requestedBy", retry.requestedBy());
        view.put("requestedAt", retry.requestedAt());
        return view;
    }
}
