package io.rotender.connectors.portos;

import io.rotender.contracts.orders.OrderCommands;
import io.rotender.platform.json.SafeText;
import io.rotender.platform.outbox.Outbox;
import io.rotender.platform.security.Secrets;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * PORTOS polls us (we are its External system), exactly as its online orders API v1 describes: the venue is
 * known by {@code key}; errors answer {@code {"message": ...}} as PORTOS expects, not problem+json. 400 for a
 * bad or missing parameter or a version other than 1, 401 for an unknown key, 403 for an order already
 * processed or withdrawn (cancelled or expired before the till processed it). Neither appears again.
 */
@Path("/portos")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "PORTOS")
public class PortosResource {

    private final Pool pool;
    private final Outbox outbox;

    public PortosResource(Pool pool, Outbox outbox) {
        this.pool = pool;
        this.outbox = outbox;
    }

    @GET
    @Path("/unprocessed_orders")
    @Operation(summary = "The venue's confirmed orders not yet processed by PORTOS, oldest first, at most a page")
    public Uni<Response> unprocessed(@QueryParam("version") String version, @QueryParam("key") String key) {
        Response bad = parameters(version, key);
        if (bad != null) {
            return Uni.createFrom().item(bad);
        }
        return venue(pool, key).chain(venue -> {
            if (venue == null) {
                return Uni.createFrom().item(message(401, "Unknown API key"));
            }
            // oldest by the order's own time (the body's createdAt, always an ISO instant), not by when its confirmation
            // was read: this group fetches orders' events a few at a time, and partitions come in no set order
            return pool.preparedQuery("""
                            SELECT coalesce(json_agg(body ORDER BY placed_at, order_id), '[]'::json)::text AS orders FROM (
                              SELECT body, (body->>'createdAt')::timestamptz AS placed_at, order_id FROM forwarded_order
                              WHERE venue_id = $1 AND pos = 'portos' AND delivery = 'queued'
                              ORDER BY placed_at, order_id LIMIT $2) page""")
                    .execute(Tuple.of(venue.getString("venue_id"), venue.getInteger("portos_page_size")))
                    .map(rows -> Response.ok(rows.iterator().next().getString("orders")).build());
        });
    }

    @POST
    @Path("/process_order")
    @Operation(summary = "PORTOS accepted or rejected an order: it becomes AcceptOrder or RejectOrder")
    public Uni<Response> process(@QueryParam("version") String version, @QueryParam("key") String key,
                                 @QueryParam("externalId") String externalId, @QueryParam("status") String status,
                                 @QueryParam("estimatedCompletionAt") String estimatedCompletionAt,
                                 @QueryParam("rejectionReason") String rejectionReason) {
        Response bad = parameters(version, key);
        if (bad == null && (externalId == null || externalId.isBlank())) {
            bad = message(400, "externalId is required");
        }
        if (bad == null && !externalId.matches("[A-Za-z0-9_-]{1,64}")) {
            bad = message(400, "externalId must be an order id we sent (1 to 64 characters of A-Z, a-z, 0-9, '_' or '-')");
        }
        if (bad == null && !"accepted".equals(status) && !"rejected".equals(status)) {
            bad = message(400, "status must be accepted or rejected");
        }
        if (bad == null && estimatedCompletionAt != null && !estimatedCompletionAt.isBlank()) {
            try {
                Instant.parse(estimatedCompletionAt);
            } catch (DateTimeParseException e) {
                bad = message(400, "estimatedCompletionAt must be an ISO 8601 date and time");
            }
        }
        if (bad == null && rejectionReason != null && rejectionReason.length() > 500) {
            bad = message(400, "rejectionReason is too long");
        }
        if (bad == null && rejectionReason != null && !SafeText.isSafe(rejectionReason)) {
            bad = message(400, "rejectionReason " + SafeText.REASON);
        }
        if (bad != null) {
            return Uni.createFrom().item(bad);
        }
        return pool.withTransaction(tx -> venue(tx, key).chain(venue -> {
            if (venue == null) {
                return Uni.createFrom().item(message(401, "Unknown API key"));
            }
            return tx.preparedQuery("""
                            SELECT delivery FROM forwarded_order WHERE order_id = $1 AND venue_id = $2 AND pos = 'portos' FOR UPDATE""")
                    .execute(Tuple.of(externalId, venue.getString("venue_id"))).chain(rows -> {
                        if (!rows.iterator().hasNext()) {
                            return Uni.createFrom().item(message(400, "No unprocessed order " + externalId + " for this key"));
                        }
                        if ("withdrawn".equals(rows.iterator().next().getString("delivery"))) {
                            // cancelled or expired before the till processed it: seed 002's 403, never a sale to book
                            return Uni.createFrom().item(message(403, "Order " + externalId
                                    + " was cancelled before it was processed: do not book it"));
                        }
                        if (!"queued".equals(rows.iterator().next().getString("delivery"))) {
                            return Uni.createFrom().item(message(403, "Order " + externalId + " has already been processed"));
                        }
                        return record(tx, externalId, status, estimatedCompletionAt, rejectionReason)
                                .replaceWith(Response.ok().build());
                    });
        }));
    }

    private Uni<Void> record(SqlConnection tx, String orderId, String status, String estimatedCompletionAt, String reason) {
        String estimate = "accepted".equals(status) && estimatedCompletionAt != null && !estimatedCompletionAt.isBlank()
                ? Instant.parse(estimatedCompletionAt).toString() : null;
        String why = "rejected".equals(status) ? (reason == null || reason.isBlank() ? "rejected by PORTOS" : reason) : null;
        var command = new OrderCommands.PosAnswer(orderId, why, null, null, null, estimate);
        return tx.preparedQuery("""
                        UPDATE forwarded_order SET delivery = 'delivered', conversation = $2, updated_at = now() WHERE order_id = $1""")
                .execute(Tuple.of(orderId, status))
                .chain(() -> outbox.publish(tx, "accepted".equals(status) ? OrderCommands.ACCEPT_ORDER : OrderCommands.REJECT_ORDER, orderId, command))
                .replaceWithVoid();
    }

    private static Uni<Row> venue(io.vertx.mutiny.sqlclient.SqlClient sql, String key) {
        return sql.preparedQuery("SELECT venue_id, portos_page_size FROM pos_settings WHERE pos = 'portos' AND portos_key_hash = $1")
                .execute(Tuple.of(Secrets.sha256Hex(key))).map(rows -> rows.iterator().hasNext() ? rows.iterator().next() : null);
    }

    private static Response parameters(String version, String key) {
        if (version == null || version.isBlank()) {
            return message(400, "version is required");
        }
        if (!"1".equals(version)) {
            return message(400, "Unsupported version " + version + ": only 1 is supported");
        }
        if (key == null || key.isBlank() || key.length() > 300) {
            return message(400, "key is required");
        }
        return null;
    }

    private static Response message(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("message", message)).build();
    }
}
