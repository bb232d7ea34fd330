package io.rotender.inventory.units;

import io.rotender.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
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

import static io.rotender.inventory.units.UnitRequests.ID;
import static io.rotender.inventory.units.UnitRequests.ID_MESSAGE;

/** Units admin API (admin credential): units and their slots, refills, level corrections. */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Units admin")
public class UnitAdminResource {

    private final UnitAdmin units;

    public UnitAdminResource(UnitAdmin units) {
        this.units = units;
    }

    @PUT
    @Path("/venues/{venueId}/units/{unitId}")
    @Operation(summary = "Create or replace a unit and its slots (levels set here are corrections)")
    public Uni<Response> put(@PathParam("venueId") @Pattern(regexp = ID, message = ID_MESSAGE) String venueId,
                             @PathParam("unitId") @Pattern(regexp = ID, message = ID_MESSAGE) String unitId,
                             @NotNull @Valid UnitRequests.UnitRequest request) {
        return units.upsert(venueId, unitId, request)
                .map(saved -> Response.status(saved.created() ? 201 : 200).entity(saved.unit()).build());
    }

    @GET
    @Path("/venues/{venueId}/units")
    @Operation(summary = "The venue's units with their stock")
    public Uni<List<UnitRequests.UnitView>> list(@PathParam("venueId") @Pattern(regexp = ID, message = ID_MESSAGE) String venueId) {
        return units.list(venueId);
    }

    @GET
    @Path("/venues/{venueId}/units/{unitId}")
    @Operation(summary = "A unit with its stock: level, reserved and available per slot")
    public Uni<UnitRequests.UnitView> get(@PathParam("venueId") @Pattern(regexp = ID, message = ID_MESSAGE) String venueId,
                                          @PathParam("unitId") @Pattern(regexp = ID, message = ID_MESSAGE) String unitId) {
        return units.find(venueId, unitId).map(view -> {
            if (view == null) {
                throw ProblemException.notFound("Unit " + unitId + " of venue " + venueId);
            }
            return view;
        });
    }

    @POST
    @Path("/units/{unitId}/refills")
    @Operation(summary = "Refill a slot: add addMl, or fill it to capacity")
    public Uni<UnitRequests.UnitView> refill(@PathParam("unitId") @Pattern(regexp = ID, message = ID_MESSAGE) String unitId,
                                             @NotNull @Valid UnitRequests.RefillRequest request) {
        return units.refill(unitId, request);
    }

    @POST
    @Path("/units/{unitId}/corrections")
    @Operation(summary = "Correct a slot's level to what staff measured")
    public Uni<UnitRequests.UnitView> correct(@PathParam("unitId") @Pattern(regexp = ID, message = ID_MESSAGE) String unitId,
                                              @NotNull @Valid UnitRequests.CorrectionRequest request) {
        return units.correct(unitId, request);
    }
}
