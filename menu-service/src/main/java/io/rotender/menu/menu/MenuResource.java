package io.rotender.menu.menu;

import io.rotender.menu.catalog.Ids;
import io.rotender.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Partner API (Rotender Partner API v1): a venue's menu of drinks that can be poured now, and one drink
 * with its stock level. Needs a partner key scoped to the venue.
 */
@Path("/venues/{venueId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Partner menu")
public class MenuResource {

    private final MenuQueries menus;

    public MenuResource(MenuQueries menus) {
        this.menus = menus;
    }

    @GET
    @Operation(operationId = "getMenu", summary = "Get the drink menu of a venue",
            description = "Lists the drinks that can be poured now; include=unavailable adds the others with available: false.")
    @APIResponse(responseCode = "200", description = "The menu",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MenuViews.Menu.class)))
    public Uni<Response> menu(@PathParam("venueId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String venueId,
                              @QueryParam("include") @Pattern(regexp = "unavailable", message = "must be 'unavailable'") String include) {
        return menus.menuJson(venueId, include != null).map(json -> {
            if (json == null) {
                throw ProblemException.notFound("Venue " + venueId);
            }
            return Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build();
        });
    }

    @GET
    @Path("/drinks/{drinkId}")
    @Operation(operationId = "getDrink", summary = "Get a drink with its price, image and stock level")
    public Uni<MenuViews.MenuDrink> drink(@PathParam("venueId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String venueId,
                                          @PathParam("drinkId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String drinkId) {
        return menus.drink(venueId, drinkId).map(drink -> {
            if (drink == null) {
                throw ProblemException.notFound("Drink " + drinkId + " at venue " + venueId);
            }
            return drink;
        });
    }
}
