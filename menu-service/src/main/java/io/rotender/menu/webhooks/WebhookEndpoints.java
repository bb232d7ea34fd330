package io.rotender.menu.webhooks;

import io.rotender.platform.problem.ProblemException;
import io.rotender.platform.security.Secrets;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The partners' webhook endpoints in PostgreSQL (plain reactive SQL). */
@ApplicationScoped
public class WebhookEndpoints {

    /** What the sender needs of an endpoint: where to go and the secrets to sign with (newest first). */
    public record Signing(String url, List<String> secrets) {
    }

    private static final String VIEW = """
            SELECT e.id, e.partner_id, e.url, e.event_types, e.description, e.enabled, e.disabled_reason, e.disabled_at,
                   e.failing_since, e.last_success_at, CASE WHEN e.previous_secret_until > now() THEN e.previous_secret_until END
                   AS previous_secret_until, e.created_at, e.updated_at,
                   (SELECT count(*) FROM webhook_delivery d WHERE d.endpoint_id = e.id AND d.state = 'pending') AS pending
            FROM webhook_endpoint e""";

    private final Pool pool;
    private final WebhookSecrets secrets;
    private final WebhookConfig config;

    public WebhookEndpoints(Pool pool, WebhookSecrets secrets, WebhookConfig config) {
        this.pool = pool;
        this.secrets = secrets;
        this.config = config;
    }

    /** A new endpoint of the partner, with its secret (shown this once). 404 for an unknown partner, 409 past the limit. */
    public Uni<WebhookEndpoint> create(String partnerId, String url, List<String> events, String description) {
        String id = "wh_" + Secrets.random(12).replace('-', 'x').replace('_', 'y');
        String secret = WebhookSignature.newSecret();
        return pool.withTransaction(tx -> partner(tx, partnerId)
                .chain(() -> tx.preparedQuery("SELECT count(*) AS n FROM webhook_endpoint WHERE partner_id = $1").execute(Tuple.of(partnerId)))
                .chain(rows -> {
                    if (rows.iterator().next().getLong("n") >= config.maxEndpointsPerPartner()) {
                        throw ProblemException.conflict("too-many-webhook-endpoints", "Too many webhook endpoints",
                                "partner " + partnerId + " has " + config.maxEndpointsPerPartner() + " endpoints already");
                    }
                    return tx.preparedQuery("""
                                    INSERT INTO webhook_endpoint (id, partner_id, url, event_types, description, secret_sealed)
                                    VALUES ($1, $2, $3, $4, $5, $6)""")
                            .execute(Tuple.tuple().addValue(id).addValue(partnerId).addValue(url).addArrayOfString(events.toArray(String[]::new))
                                    .addValue(description).addValue(secrets.seal(id, secret)));
                })
                .chain(() -> WebhookSubscriptions.changed(tx, partnerId))
                .chain(() -> one(tx, partnerId, id))).map(endpoint -> endpoint.withSecret(secret));
    }

    public Uni<List<WebhookEndpoint>> list(String partnerId) {
        return pool.preparedQuery(VIEW + " WHERE e.partner_id = $1 ORDER BY e.created_at, e.id").execute(Tuple.of(partnerId)).map(rows -> {
            List<WebhookEndpoint> all = new ArrayList<>();
            rows.forEach(r -> all.add(view(r)));
            return all;
        });
    }

    /** The partner's endpoint; 404 when the partner has none of that id. */
    public Uni<WebhookEndpoint> get(String partnerId, String id) {
        return one(pool, partnerId, id);
    }

    /** Replaces the endpoint's URL, events and description; {@code enabled: true} re-enables it and forgets its failures. */
    public Uni<WebhookEndpoint> update(String partnerId, String id, String url, List<String> events, String description, boolean enabled) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        UPDATE webhook_endpoint SET url = $3, event_types = $4, description = $5, enabled = $6,
                            disabled_reason = CASE WHEN $6 THEN NULL ELSE coalesce(disabled_reason, 'disabled by the admin') END,
                            disabled_at = CASE WHEN $6 THEN NULL ELSE coalesce(disabled_at, now()) END,
                            failing_since = CASE WHEN $6 AND NOT enabled THEN NULL ELSE failing_since END, updated_at = now()
                        WHERE partner_id = $1 AND id = $2""")
                .execute(Tuple.tuple().addValue(partnerId).addValue(id).addValue(url).addArrayOfString(events.toArray(String[]::new))
                        .addValue(description).addValue(enabled))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        throw notFound(partnerId, id);
                    }
                    return one(tx, partnerId, id);
                }));
    }

    /** Deletes the endpoint with its deliveries; false when there is none. */
    public Uni<Boolean> delete(String partnerId, String id) {
        return pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM webhook_endpoint WHERE partner_id = $1 AND id = $2")
                .execute(Tuple.of(partnerId, id))
                .chain(rows -> WebhookSubscriptions.changed(tx, partnerId).replaceWith(rows.rowCount() == 1)));
    }

    /** A new secret (shown this once); the current one keeps signing beside it for {@code overlap}. */
    public Uni<WebhookEndpoint> rotate(String partnerId, String id, Duration overlap) {
        String secret = WebhookSignature.newSecret();
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        UPDATE webhook_endpoint SET previous_secret_sealed = secret_sealed, secret_sealed = $3,
                            previous_secret_until = now() + make_interval(secs => $4), updated_at = now()
                        WHERE partner_id = $1 AND id = $2""")
                .execute(Tuple.of(partnerId, id, secrets.seal(id, secret), (double) overlap.toSeconds()))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        throw notFound(partnerId, id);
                    }
                    return one(tx, partnerId, id);
                })).map(endpoint -> endpoint.withSecret(secret));
    }

    /** Where a leased delivery goes and what signs it: the endpoint's secrets as the lease read them, opened. */
    public Signing signing(WebhookDeliveries.Due due) {
        List<String> signing = new ArrayList<>();
        signing.add(secrets.open(due.endpointId(), due.secretSealed()));
        if (due.previousSecretSealed() != null) {
            signing.add(secrets.open(due.endpointId(), due.previousSecretSealed()));
        }
        return new Signing(due.url(), signing);
    }

    private static Uni<Void> partner(SqlClient sql, String partnerId) {
        return sql.preparedQuery("SELECT 1 FROM partner_access WHERE partner_id = $1").execute(Tuple.of(partnerId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                throw ProblemException.notFound("Partner " + partnerId);
            }
            return null;
        });
    }

    private static Uni<WebhookEndpoint> one(SqlClient sql, String partnerId, String id) {
        return sql.preparedQuery(VIEW + " WHERE e.partner_id = $1 AND e.id = $2").execute(Tuple.of(partnerId, id)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                throw notFound(partnerId, id);
            }
            return view(rows.iterator().next());
        });
    }

    static ProblemException notFound(String partnerId, String id) {
        return ProblemException.notFound("Webhook endpoint " + id + " of partner " + partnerId);
    }

    private static WebhookEndpoint view(Row r) {
        return new WebhookEndpoint(r.getString("id"), r.getString("partner_id"), r.getString("url"),
                Arrays.asList(r.getArrayOfStrings("event_types")), r.getString("description"), r.getBoolean("enabled"),
                r.getString("disabled_reason"), r.getOffsetDateTime("disabled_at"), r.getOffsetDateTime("failing_since"),
                r.getOffsetDateTime("last_success_at"), r.getOffsetDateTime("previous_secret_until"), r.getLong("pending"),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"), null);
    }
}
