package io.rotender.connectors.settings;

import io.rotender.connectors.catalog.CatalogPrices;
import io.rotender.connectors.operations.VenueConnectorStatus;
import io.rotender.contracts.connectors.ConnectorEvents;
import io.rotender.contracts.connectors.ConnectorEvents.VenuePosChanged;
import io.rotender.platform.outbox.Outbox;
import io.rotender.platform.problem.ProblemException;
import io.rotender.platform.security.Secrets;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-venue POS settings (admin credential). Changes apply to the next forwarded order and hook call, no
 * restart. The Restaumatic API token is stored encrypted (it must be sent), the hook token as SHA-256.
 * Which POS a venue uses is published in the same transaction on {@code rotender.connectors.pos}
 * ({@link VenuePosChanged}, compacted by venue), so menu-service can refuse a catalog change the POS would refuse.
 */
@Path("/admin/venues/{venueId}/pos")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "POS settings admin")
public class PosSettingsResource {

    private static final String UPSERT = """
            INSERT INTO pos_settings (venue_id, pos, restaumatic_base_url, restaumatic_restaurant_id, restaumatic_api_token_enc,
                                      restaumatic_hook_token_hash, source_reference_name, vat_letters, default_vat_letter)
            VALUES ($1, $2, $3, $4, $5, $6, $7, CAST($8 AS text)::jsonb, $9)
            ON CONFLICT (venue_id) DO UPDATE SET pos = EXCLUDED.pos, restaumatic_base_url = EXCLUDED.restaumatic_base_url,
                restaumatic_restaurant_id = EXCLUDED.restaumatic_restaurant_id,
                restaumatic_api_token_enc = EXCLUDED.restaumatic_api_token_enc,
                restaumatic_hook_token_hash = EXCLUDED.restaumatic_hook_token_hash,
                source_reference_name = EXCLUDED.source_reference_name, vat_letters = EXCLUDED.vat_letters,
                default_vat_letter = EXCLUDED.default_vat_letter, updated_at = now()
            RETURNING (xmax = 0) AS created""";

    private final Pool pool;
    private final SecretBox box;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;

    private final VenueConnectorStatus status;
    private final Outbox outbox;

    public PosSettingsResource(Pool pool, SecretBox box, com.fasterxml.jackson.databind.ObjectMapper mapper,
                               VenueConnectorStatus status, Outbox outbox) {
        this.status = status;
        this.outbox = outbox;
        this.pool = pool;
        this.box = box;
        this.mapper = mapper;
    }

    @PUT
    @Operation(summary = "Set the venue's POS and its credentials")
    public Uni<Response> put(@PathParam("venueId") @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be a venue id") String venueId,
                             @NotNull @Valid PosSettingsRequest request) throws Exception {
        if ("portos".equals(request.pos())) {
            return putPortos(venueId, request.portos());
        }
        PosSettingsRequest.Restaumatic r = request.restaumatic();
        Tuple args = Tuple.tuple().addValue(venueId).addValue(request.pos()).addValue(r.baseUrl().replaceAll("/+$", ""))
                .addValue(r.restaurantId()).addValue(box.seal(venueId, SecretResealer.FIELD, r.apiToken())).addValue(Secrets.sha256Hex(r.hookToken()))
                .addValue(r.sourceReferenceName() == null ? "rotender" : r.sourceReferenceName())
                .addValue(mapper.writeValueAsString(r.vatLetters() == null ? Map.of() : r.vatLetters()))
                .addValue(r.defaultVatLetter());
        return pool.withTransaction(tx -> CatalogPrices.freeDrinks(tx, venueId).chain(free -> {
            if (!free.isEmpty()) {
                // seed 001 requires a positive grossUnitPrice: refused now, not when a sold order is dead-lettered
                throw new ProblemException(422, "free-drink-for-restaumatic", "Restaumatic refuses free drinks",
                        "Venue " + venueId + " sells " + String.join(", ", free) + " for 0.00; Restaumatic requires a positive "
                                + "grossUnitPrice: price or deactivate them first")
                        .with("free_drinks", free)
                        .with("invalid_params", free.stream().map(d -> Map.of("name", "drinks." + d + ".price",
                                "reason", "must be positive for Restaumatic")).toList());
            }
            return tx.preparedQuery(UPSERT).execute(args).call(() -> published(tx, venueId, request.pos()));
        })).chain(rows -> {
            boolean created = rows.iterator().next().getBoolean("created");
            return get(venueId).map(view -> Response.status(created ? 201 : 200).entity(view).build());
        });
    }

    private Uni<Response> putPortos(String venueId, PosSettingsRequest.Portos p) throws Exception {
        Tuple args = Tuple.tuple().addValue(venueId).addValue(Secrets.sha256Hex(p.apiKey()))
                .addValue(mapper.writeValueAsString(p.productIds() == null ? Map.of() : p.productIds()))
                .addValue(p.pageSize() == null ? 50 : p.pageSize());
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        INSERT INTO pos_settings (venue_id, pos, portos_key_hash, portos_product_ids, portos_page_size)
                        VALUES ($1, 'portos', $2, CAST($3 AS text)::jsonb, $4)
                        ON CONFLICT (venue_id) DO UPDATE SET pos = 'portos', portos_key_hash = EXCLUDED.portos_key_hash,
                            portos_product_ids = EXCLUDED.portos_product_ids, portos_page_size = EXCLUDED.portos_page_size,
                            updated_at = now()
                        RETURNING (xmax = 0) AS created""").execute(args).call(() -> published(tx, venueId, "portos")))
                .onFailure(f -> String.valueOf(f.getMessage()).contains("portos_key_hash"))
                .transform(f -> ProblemException.conflict("key-in-use", "Key in use", "This PORTOS API key belongs to another venue"))
                .chain(rows -> {
                    boolean created = rows.iterator().next().getBoolean("created");
                    return get(venueId).map(view -> Response.status(created ? 201 : 200).entity(view).build());
                });
    }

    private Uni<?> published(SqlConnection tx, String venueId, String pos) {
        return outbox.publish(tx, ConnectorEvents.VENUE_POS_CHANGED, venueId, new VenuePosChanged(venueId, pos));
    }

    @GET
    @Operation(summary = "The venue's POS settings (secrets never shown) and the connector's status")
    public Uni<Map<String, Object>> get(@PathParam("venueId") @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be a venue id") String venueId) {
        return pool.preparedQuery("""
                        SELECT pos, restaumatic_base_url, restaumatic_restaurant_id, source_reference_name,
                               portos_product_ids::text AS portos_product_ids, portos_page_size,
                               vat_letters::text AS vat_letters, default_vat_letter
                        FROM pos_settings WHERE venue_id = $1""")
                .execute(Tuple.of(venueId)).chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw ProblemException.notFound("POS settings of venue " + venueId);
                    }
                    Row r = rows.iterator().next();
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("venueId", venueId);
                    view.put("pos", r.getString("pos"));
                    if ("restaumatic".equals(r.getString("pos"))) {
                        view.put("restaumatic", Map.of("baseUrl", r.getString("restaumatic_base_url"),
                                "restaurantId", r.getLong("restaumatic_restaurant_id"),
                                "sourceReferenceName", r.getString("source_reference_name"),
                                "vatLetters", read(r.getString("vat_letters")),
                                "apiToken", "(set)", "hookToken", "(set)"));
                    } else {
                        view.put("portos", Map.of("productIds", read(r.getString("portos_product_ids")),
                                "pageSize", r.getInteger("portos_page_size"), "apiKey", "(set)"));
                    }
                    return status.of(venueId).map(venues -> {
                        Map<String, Object> connector = new LinkedHashMap<>(venues.get(0));
                        connector.remove("venueId");
                        connector.remove("pos");
                        view.put("status", connector);
                        return view;
                    });
                });
    }

    private Object read(String json) {
        try {
            return mapper.readTree(json);
        } catch (Exception e) {
            return Map.of();
        }
    }
}
