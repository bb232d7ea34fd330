package io.rotender.platform.sample;

import io.rotender.platform.security.CurrentPartner;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** Sample endpoints behind the partner and admin guards. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class AccessSampleResource {

    private final CurrentPartner partner;

    public AccessSampleResource(CurrentPartner partner) {
        this.partner = partner;
    }

    @GET
    @Path("venues/{venueId}/whoami")
    public Map<String, String> whoami(@PathParam("venueId") String venueId) {
        return Map.of("partner", partner.get().id(), "venue", venueId);
    }

    @GET
    @Path("admin/ping")
    public Map<String, String> ping() {
        return Map.of("admin", "yes");
    }
}
