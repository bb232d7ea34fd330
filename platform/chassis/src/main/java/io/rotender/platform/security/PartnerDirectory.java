package io.rotender.platform.security;

import io.quarkus.runtime.StartupEvent;
import io.rotender.contracts.partners.PartnerEvents;
import io.rotender.contracts.partners.PartnerEvents.PartnerAccessChanged;
import io.rotender.platform.notify.PgNotifications;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Optional;

/**
 * Partner access in this service's database: finds the partner behind a presented key, and applies the
 * full state of a partner (written by menu-service's admin API, or received from
 * {@code rotender.partners.access}) inside the caller's transaction.
 */
@ApplicationScoped
public class PartnerDirectory {

    private static final String FIND = """
            SELECT k.secret_hash, a.partner_id, a.name, a.venues
            FROM partner_key k JOIN partner_access a ON a.partner_id = k.partner_id WHERE k.key_id = $1""";

    static final String CHANGED = "rotender_partner_changed";
    /** Bounds how long a cached key outlives a change whose notification was missed (reconnecting listener). */
    private static final long TTL_NANOS = 2_000_000_000L;

    private record Known(String secretHash, Partner partner, long loadedAt) {
    }

    private final Pool pool;
    private final PgNotifications notifications;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    public PartnerDirectory(Pool pool, PgNotifications notifications) {
        this.pool = pool;
        this.notifications = notifications;
    }

    void start(@Observes StartupEvent event) {
        notifications.listen(CHANGED, payload -> forgetAll());
    }

    /** Drops every cached key; for the writer of a change, which need not wait for its own notification. */
    public void forgetAll() {
        version.incrementAndGet();
        known.clear();
    }

    /**
     * The partner owning {@code key}, if the key exists and its secret matches. Keys found are kept in memory
     * (only their secret's hash) until partner access changes anywhere (triggers of chassis migration V0_4
     * notify every replica) or for 2 s at most; the secret is compared in constant time either way.
     */
    public Uni<Optional<Partner>> authenticate(PartnerKey key) {
        Known cached = known.get(key.keyId());
        long now = System.nanoTime();
        if (cached != null && now - cached.loadedAt() < TTL_NANOS) {
            return Uni.createFrom().item(Secrets.constantTimeEquals(cached.secretHash(), key.secretHash())
                    ? Optional.of(cached.partner()) : Optional.empty());
        }
        long seen = version.get();
        return pool.preparedQuery(FIND).execute(Tuple.of(key.keyId())).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (!it.hasNext()) {
                Secrets.constantTimeEquals(key.secretHash(), key.secretHash()); // same work for unknown ids
                return Optional.empty();
            }
            Row row = it.next();
            Partner partner = new Partner(row.getString("partner_id"), row.getString("name"),
                    new LinkedHashSet<>(Arrays.asList(row.getArrayOfStrings("venues"))));
            if (version.get() == seen && known.size() < 10_000) {
                known.put(key.keyId(), new Known(row.getString("secret_hash"), partner, now));
            }
            if (!Secrets.constantTimeEquals(row.getString("secret_hash"), key.secretHash())) {
                return Optional.empty();
            }
            return Optional.of(partner);
        });
    }

    /**
     * Replaces what is stored for the partner with {@code state}, on the caller's transaction: an admin
     * change in menu-service, or an idempotent consumer applying the event elsewhere.
     */
    public Uni<Void> apply(SqlConnection tx, PartnerAccessChanged state) {
        Uni<Void> clear = tx.preparedQuery("DELETE FROM partner_access WHERE partner_id = $1")
                .execute(Tuple.of(state.partnerId())).replaceWithVoid();
        if (state.removed()) {
            return clear;
        }
        List<PartnerEvents.Key> keys = state.keys() == null ? List.of() : state.keys();
        return clear
                .chain(() -> tx.preparedQuery("INSERT INTO partner_access (partner_id, name, venues) VALUES ($1, $2, $3)")
                        .execute(Tuple.of(state.partnerId(), state.name(), state.venues().toArray(String[]::new))))
                .chain(() -> keys.isEmpty() ? Uni.createFrom().voidItem()
                        : tx.preparedQuery("INSERT INTO partner_key (key_id, partner_id, secret_hash) VALUES ($1, $2, $3)")
                                .executeBatch(keys.stream().map(k -> Tuple.of(k.keyId(), state.partnerId(), k.secretHash())).toList())
                                .replaceWithVoid());
    }

    /** The partner's current state, locking its row for the caller's transaction; null when unknown. */
    public Uni<PartnerAccessChanged> load(SqlConnection tx, String partnerId) {
        return tx.preparedQuery("SELECT name, venues FROM partner_access WHERE partner_id = $1 FOR UPDATE")
                .execute(Tuple.of(partnerId)).chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    Row row = rows.iterator().next();
                    return tx.preparedQuery("SELECT key_id, secret_hash FROM partner_key WHERE partner_id = $1 ORDER BY created_at, key_id")
                            .execute(Tuple.of(partnerId)).map(keyRows -> {
                                List<PartnerEvents.Key> keys = new java.util.ArrayList<>();
                                keyRows.forEach(k -> keys.add(new PartnerEvents.Key(k.getString("key_id"), k.getString("secret_hash"))));
                                return new PartnerAccessChanged(partnerId, row.getString("name"),
                                        Arrays.asList(row.getArrayOfStrings("venues")), keys, false);
                            });
                });
    }
}
