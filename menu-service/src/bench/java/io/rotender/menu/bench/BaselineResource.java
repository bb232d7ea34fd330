package io.rotender.menu.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotender.menu.catalog.Ids;
import io.rotender.menu.menu.MenuQueries;
import io.rotender.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The menu benchmark's baseline (bench/menu-reads): the same bytes as {@code GET /venues/{venueId}}, taken
 * once and then served as they are, through the same HTTP stack and JSON media type, without a credential
 * check or a database read. The ratio of the real endpoint's throughput to this one is what the menu's own
 * work costs. Only in a benchmark build (Maven profile {@code bench}, which bench/menu-reads builds): no production
 * build or image holds it. Even there off (404) unless {@code rotender.bench.baseline-enabled}.
 */
@Path("/bench/baseline/venues/{venueId}")
@Tag(name = "Benchmark baseline")
public class BaselineResource {

    private final MenuQueries menus;
    private final ObjectMapper mapper;
    private final boolean enabled;
    private final Map<String, byte[]> bytes = new ConcurrentHashMap<>();

    public BaselineResource(MenuQueries menus, ObjectMapper mapper,
                            @ConfigProperty(name = "rotender.bench.baseline-enabled", defaultValue = "false") boolean enabled) {
        this.menus = menus;
        this.mapper = mapper;
        this.enabled = enabled;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Benchmark baseline: the venue's menu bytes, served from memory (404 unless enabled)")
    public Uni<Response> menu(@PathParam("venueId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String venueId) {
        if (!enabled) {
            throw ProblemException.notFound("Benchmark baseline (rotender.bench.baseline-enabled is off)");
        }
        byte[] cached = bytes.get(venueId);
        if (cached != null) {
            return Uni.createFrom().item(Response.ok(cached, MediaType.APPLICATION_JSON_TYPE).build());
        }
        return menus.menu(venueId, false).map(menu -> {
            if (menu == null) {
                throw ProblemException.notFound("Venue " + venueId);
            }
            try {
                byte[] body = mapper.writeValueAsBytes(menu);
                bytes.put(venueId, body);
                return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
