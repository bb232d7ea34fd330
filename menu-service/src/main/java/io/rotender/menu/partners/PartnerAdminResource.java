package io.rotender.menu.partners;

import io.rotender.contracts.partners.PartnerEvents.PartnerAccessChanged;
import io.rotender.contracts.partners.PartnerEvents;
import io.rotender.menu.catalog.Ids;
import io.rotender.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Partner access admin API (admin credential). A new key is shown once, in the answer that issues it. */
@Path("/admin/partners/{partnerId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Partner admin")
public class PartnerAdminResource {

    private final PartnerAdminService partners;

    public PartnerAdminResource(PartnerAdminService partners) {
        this.partners = partners;
    }

    public record PartnerView(String id, String name, List<String> venues, List<String> keyIds) {
        static PartnerView of(PartnerAccessChanged p) {
            return new PartnerView(p.partnerId(), p.name(), p.venues(), p.keys().stream().map(PartnerEvents.Key::keyId).toList());
        }
    }

    @PUT
    @Operation(summary = "Create or replace a partner and the venues it may use")
    public Uni<Response> put(@PathParam("partnerId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String partnerId,
                             @NotNull @Valid PartnerRequest request) {
        return partners.upsert(partnerId, request).chain(created -> partners.find(partnerId)
                .map(p -> Response.status(created ? 201 : 200).entity(PartnerView.of(p)).build()));
    }

    @GET
    @Operation(summary = "A partner, its venues and the ids of its keys")
    public Uni<PartnerView> get(@PathParam("partnerId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String partnerId) {
        return partners.find(partnerId).map(p -> {
            if (p == null) {
                throw ProblemException.notFound("Partner " + partnerId);
            }
            return PartnerView.of(p);
        });
    }

    @POST
    @Path("/keys")
    @Operation(summary = "Issue a new key (shown once)")
    public Uni<Response> issueKey(@PathParam("partnerId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String partnerId) {
        return partners.issueKey(partnerId).map(key -> Response.status(201).entity(key).build());
    }

    @DELETE
    @Path("/keys/{keyId}")
    @Operation(summary = "Revoke a key")
    public Uni<Response> revokeKey(@PathParam("partnerId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String partnerId,
                                   @PathParam("keyId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String keyId) {
        return partners.revokeKey(partnerId, keyId).replaceWith(Response.noContent().build());
    }
}
