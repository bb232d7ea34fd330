package io.rotender.order.orders;

import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Venue staff (admin credential): a new code for an order, on the unit's screen only. */
@Path("/admin/orders/{orderId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Orders admin")
public class OrderAdminResource {

    private final OrderService orders;

    public OrderAdminResource(OrderService orders) {
        this.orders = orders;
    }

    @POST
    @Path("/code")
    @Operation(summary = "Reissue the confirmation code (unlocks an order locked by wrong codes)")
    public Uni<Response> reissue(@PathParam("orderId") @Pattern(regexp = OrderRequest.ID, message = OrderRequest.ID_MESSAGE) String orderId) {
        return orders.reissueCode(orderId).replaceWith(Response.noContent().build());
    }
}
