package io.rotender.menu.catalog;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.rotender.menu.menu.MenuCache;
import io.rotender.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.function.Function;

/**
 * Catalog admin API (admin credential): idempotent upserts with client-chosen ids, so a venue can be set
 * up from a file. 201 when created, 200 when replaced.
 */
@Path("/admin/venues/{venueId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Catalog admin")
public class CatalogAdminResource {

    private final CatalogService catalog;
    private final MenuCache menus;

    public CatalogAdminResource(CatalogService catalog, MenuCache menus) {
        this.catalog = catalog;
        this.menus = menus;
    }

    @PUT
    @Operation(summary = "Create or replace a venue")
    public Uni<Response> putVenue(@PathParam("venueId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String venueId,
                                  @NotNull @Valid VenueRequest request) {
        return catalog.upsertVenue(venueId, request).invoke(() -> menus.invalidate(venueId)).map(respond(CatalogViews.VenueView::of));
    }

    @GET
    @WithSession
    @Operation(summary = "The venue's whole catalog")
    public Uni<CatalogViews.CatalogView> getVenue(@PathParam("venueId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String venueId) {
        return catalog.requireVenue(venueId).chain(venue -> Ingredient.<Ingredient>list("venueId = ?1 order by id", venueId)
                .chain(ingredients -> Drink.<Drink>list("venueId = ?1 order by id", venueId)
                        .map(drinks -> new CatalogViews.CatalogView(CatalogViews.VenueView.of(venue),
                                ingredients.stream().map(CatalogViews.IngredientView::of).toList(),
                                drinks.stream().map(CatalogViews.DrinkView::of).toList()))));
    }

    @PUT
    @Path("/ingredients/{ingredientId}")
    @Operation(summary = "Create or rename an ingredient of the venue")
    public Uni<Response> putIngredient(@PathParam("venueId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String venueId,
                                       @PathParam("ingredientId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String ingredientId,
                                       @NotNull @Valid IngredientRequest request) {
        return catalog.upsertIngredient(venueId, ingredientId, request).invoke(() -> menus.invalidate(venueId)).map(respond(CatalogViews.IngredientView::of));
    }

    @PUT
    @Path("/drinks/{drinkId}")
    @Operation(summary = "Create or replace a drink, its price and its recipe")
    public Uni<Response> putDrink(@PathParam("venueId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String venueId,
                                  @PathParam("drinkId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String drinkId,
                                  @NotNull @Valid DrinkRequest request) {
        return catalog.upsertDrink(venueId, drinkId, request).invoke(() -> menus.invalidate(venueId)).map(respond(CatalogViews.DrinkView::of));
    }

    @DELETE
    @Path("/drinks/{drinkId}")
    @Operation(summary = "Remove a drink from the catalog")
    public Uni<Response> deleteDrink(@PathParam("venueId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String venueId,
                                     @PathParam("drinkId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String drinkId) {
        return catalog.removeDrink(venueId, drinkId).invoke(() -> menus.invalidate(venueId)).map(removed -> {
            if (!removed) {
                throw ProblemException.notFound("Drink " + drinkId + " of venue " + venueId);
            }
            return Response.noContent().build();
        });
    }

    private static <T, V> Function<CatalogService.Upserted<T>, Response> respond(Function<T, V> view) {
        return upserted -> Response.status(upserted.created() ? 201 : 200).entity(view.apply(upserted.value())).build();
    }
}
