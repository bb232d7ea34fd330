package io.rotender.connectors.restaumatic;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.rotender.contracts.MessageType;
import io.rotender.contracts.orders.OrderCommands;
import io.rotender.platform.outbox.Outbox;
import io.rotender.platform.problem.ProblemException;
import io.rotender.platform.security.Secrets;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Restaumatic's calls to us (we are its External Orders Proxy): {@code orderAccepted}, {@code orderRejected},
 * {@code orderindelivery}, {@code orderClosed} and {@code orderCancelled}, paths matched case-insensitively,
 * both field spellings of the seed accepted. 401 on a wrong or missing {@code Token token="..."}, 400 on an
 * invalid body, 200 otherwise: a repeated event is a harmless duplicate, and a late one that the conversation
 * diagram does not allow from the current state (orderAccepted after orderClosed) changes nothing, is counted
 * ({@code rotender_connector_hooks_ignored_total}) and logged. Seed 001 defines no other status, and a POS
 * retries whatever else it gets. Each becomes a command on {@code rotender.orders.commands}.
 */
@Path("/restaumatic")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Restaumatic hooks")
public class RestaumaticHooks {

    private static final Pattern TOKEN = Pattern.compile("^Token\\s+token=\"([^\"]{1,300})\"$");
    /** Restaumatic's conversation diagram: which state each hook may follow. */
    private static final Map<String, Set<String>> ALLOWED_FROM = Map.of(
            "accepted", Set.of("placed"),
            "rejected", Set.of("placed"),
            "in_delivery", Set.of("accepted"),
            "closed", Set.of("accepted", "in_delivery"),
            "cancelled", Set.of("accepted", "in_delivery"));
    private static final Map<String, MessageType<OrderCommands.PosAnswer>> COMMANDS = Map.of("accepted", OrderCommands.ACCEPT_ORDER,
            "rejected", OrderCommands.REJECT_ORDER, "in_delivery", OrderCommands.MARK_IN_DELIVERY, "closed", OrderCommands.CLOSE_ORDER,
            "cancelled", OrderCommands.CANCEL_ORDER);

    private final Pool pool;
    private final Outbox outbox;
    private final MeterRegistry metrics;

    public RestaumaticHooks(Pool pool, Outbox outbox, MeterRegistry metrics) {
        this.pool = pool;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    @POST
    @Path("/{hook}")
    @Operation(summary = "Restaumatic hooks: orderAccepted, orderRejected, orderindelivery, orderClosed, orderCancelled")
    public Uni<Response> hook(@PathParam("hook") String hook, @HeaderParam("authorization") String authorization, JsonNode body) {
        String target = switch (hook.toLowerCase(Locale.ROOT)) {
            case "orderaccepted" -> "accepted";
            case "orderrejected" -> "rejected";
            case "orderindelivery" -> "in_delivery";
            case "orderclosed" -> "closed";
            case "ordercancelled" -> "cancelled";
            default -> throw ProblemException.notFound("Hook /restaumatic/" + hook);
        };
        String token = token(authorization);
        if (token == null) {
            return Uni.createFrom().item(unauthorized());
        }
        if (body == null || !body.isObject()) {
            throw ProblemException.invalidField("body", "must be a JSON object");
        }
        boolean byUuid = "accepted".equals(target) || "rejected".equals(target);
        UUID externalOrderId = byUuid ? externalOrderId(body) : null;
        String restaumaticOrderId = text(body, "restaumaticOrderId", "accepted".equals(target) || !byUuid);
        String fulfilment = optionalTime(body, "overwrittenFullfillmentTime", "overwrittenDeliveryTime");
        String lookup = byUuid
                ? "SELECT f.order_id, f.conversation, s.restaumatic_hook_token_hash FROM forwarded_order f JOIN pos_settings s ON s.venue_id = f.venue_id WHERE f.external_order_id = $1 FOR UPDATE OF f"
                : "SELECT f.order_id, f.conversation, s.restaumatic_hook_token_hash FROM forwarded_order f JOIN pos_settings s ON s.venue_id = f.venue_id WHERE f.restaumatic_order_id = $1 FOR UPDATE OF f";
        return pool.withTransaction(tx -> tx.preparedQuery(lookup)
                .execute(Tuple.of(byUuid ? externalOrderId : restaumaticOrderId)).chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return knownToken(tx, token).map(known -> known ? problem(400, "unknown-order",
                                "No order of ours has this " + (byUuid ? "externalOrderId" : "restaumaticOrderId")) : unauthorized());
                    }
                    Row row = rows.iterator().next();
                    if (!Secrets.constantTimeEquals(row.getString("restaumatic_hook_token_hash"), Secrets.sha256Hex(token))) {
                        return Uni.createFrom().item(unauthorized());
                    }
                    String orderId = row.getString("order_id");
                    String current = row.getString("conversation");
                    if (current.equals(target)) {
                        return Uni.createFrom().item(Response.ok(Map.of("status", "duplicate", "orderId", orderId)).build());
                    }
                    if (!ALLOWED_FROM.get(target).contains(current)) {
                        // late or repeated (orderAccepted after orderClosed): seed 001 knows only 200, 400 and 401,
                        // and a POS retries anything else, so it is answered 200 and changes nothing
                        metrics.counter("rotender.connector.hooks.ignored", "hook", target, "conversation", current).increment();
                        Log.infof("Restaumatic %s for order %s ignored: the conversation is already %s", target, orderId, current);
                        return Uni.createFrom().item(Response.ok(Map.of("status", "ignored", "orderId", orderId,
                                "conversation", current)).build());
                    }
                    var command = new OrderCommands.PosAnswer(orderId, "rejected".equals(target) ? "rejected by Restaumatic" : null, null,
                            restaumaticOrderId, fulfilment, null);
                    return tx.preparedQuery("""
                                    UPDATE forwarded_order SET conversation = $2, updated_at = now(),
                                        restaumatic_order_id = COALESCE($3, restaumatic_order_id) WHERE order_id = $1""")
                            .execute(Tuple.of(orderId, target, restaumaticOrderId))
                            .chain(() -> outbox.publish(tx, COMMANDS.get(target), orderId, command))
                            .replaceWith(Response.ok(Map.of("status", target, "orderId", orderId)).build());
                }));
    }

    private static Uni<Boolean> knownToken(io.vertx.mutiny.sqlclient.SqlConnection tx, String token) {
        return tx.preparedQuery("SELECT 1 FROM pos_settings WHERE restaumatic_hook_token_hash = $1")
                .execute(Tuple.of(Secrets.sha256Hex(token))).map(rows -> rows.iterator().hasNext());
    }

    private static String token(String authorization) {
        if (authorization == null) {
            return null;
        }
        Matcher m = TOKEN.matcher(authorization.strip());
        return m.matches() ? m.group(1) : null;
    }

    /** The seed's example says externalOrderUUID (with externalOrderId an object); its field list says externalOrderId. */
    private static UUID externalOrderId(JsonNode body) {
        JsonNode value = body.hasNonNull("externalOrderUUID") ? body.get("externalOrderUUID") : body.get("externalOrderId");
        if (value == null || !value.isTextual()) {
            throw ProblemException.invalidField("externalOrderId", "required: the UUID sent in orderplaced (or externalOrderUUID)");
        }
        try {
            return UUID.fromString(value.asText());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("externalOrderId", "must be a UUID");
        }
    }

    /** restaumaticOrderId may be a number or a string. */
    private static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw ProblemException.invalidField(field, "required");
            }
            return null;
        }
        if (!(value.isTextual() || value.isIntegralNumber()) || value.asText().isBlank() || value.asText().length() > 64) {
            throw ProblemException.invalidField(field, "must be a non-empty string or an integer");
        }
        return value.asText();
    }

    private static String optionalTime(JsonNode body, String... fields) {
        for (String field : fields) {
            JsonNode value = body.get(field);
            if (value != null && !value.isNull()) {
                try {
                    return Instant.parse(value.asText()).toString();
                } catch (DateTimeParseException e) {
                    throw ProblemException.invalidField(field, "must be a UTC time in ISO 8601, e.g. 2020-06-10T13:20:00Z");
                }
            }
        }
        return null;
    }

    private static Response unauthorized() {
        return problem(401, "unauthorized", "A valid authorization: Token token=\"...\" header is required");
    }

    private static Response problem(int status, String slug, String detail) {
        return Response.status(status).type("application/problem+json")
                .entity(new io.rotender.platform.problem.Problem(slug, Response.Status.fromStatusCode(status).getReasonPhrase(),
                        status, detail, null, Map.of())).build();
    }
}
