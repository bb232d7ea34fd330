package io.rotender.connectors.restaumatic;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/** Restaumatic's External Orders API as we call it (base URL per venue). */
@Path("/api/v1/external")
interface RestaumaticApi {

    @POST
    @Path("/orderplaced")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> orderPlaced(@HeaderParam("authorization") String authorization, JsonNode body);
}
