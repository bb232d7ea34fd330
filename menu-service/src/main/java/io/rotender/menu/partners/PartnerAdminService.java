package io.rotender.menu.partners;

import io.rotender.contracts.partners.PartnerEvents;
import io.rotender.contracts.partners.PartnerEvents.PartnerAccessChanged;
import io.rotender.platform.outbox.Outbox;
import io.rotender.platform.problem.ProblemException;
import io.rotender.platform.security.PartnerDirectory;
import io.rotender.platform.security.PartnerKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * Partner access is owned here: who may use which venues, and the hashes of their keys. Every change is
 * applied to this service's own table and published in full on {@code rotender.partners.access} in the
 * same transaction, so order-service authenticates partners the same way.
 */
@ApplicationScoped
public class PartnerAdminService {

    private final PartnerDirectory directory;
    private final Outbox outbox;
    private final Pool pool;

    public PartnerAdminService(PartnerDirectory directory, Outbox outbox, Pool pool) {
        this.directory = directory;
        this.outbox = outbox;
        this.pool = pool;
    }

    public record IssuedKey(String keyId, String key) {
    }

    public Uni<PartnerAccessChanged> find(String partnerId) {
        return pool.withTransaction(tx -> directory.load(tx, partnerId));
    }

    /** Creates or replaces the partner; true when it was created. */
    public Uni<Boolean> upsert(String partnerId, PartnerRequest request) {
        return pool.withTransaction(tx -> lock(tx, partnerId).chain(() -> directory.load(tx, partnerId)).chain(existing -> {
            List<PartnerEvents.Key> keys = existing == null ? List.of() : existing.keys();
            List<String> venues = request.venues().stream().distinct().toList();
            return save(tx, new PartnerAccessChanged(partnerId, request.name().strip(), venues, keys, false))
                    .replaceWith(existing == null);
        })).invoke(directory::forgetAll);
    }

    public Uni<IssuedKey> issueKey(String partnerId) {
        return pool.withTransaction(tx -> requirePartner(tx, partnerId).chain(existing -> {
            PartnerKey key = PartnerKey.issue();
            List<PartnerEvents.Key> keys = new ArrayList<>(existing.keys());
            keys.add(new PartnerEvents.Key(key.keyId(), key.secretHash()));
            return save(tx, new PartnerAccessChanged(partnerId, existing.name(), existing.venues(), keys, false))
                    .replaceWith(new IssuedKey(key.keyId(), key.asText()));
        })).invoke(directory::forgetAll);
    }

    public Uni<Void> revokeKey(String partnerId, String keyId) {
        return pool.withTransaction(tx -> requirePartner(tx, partnerId).chain(existing -> {
            List<PartnerEvents.Key> keys = existing.keys().stream().filter(k -> !k.keyId().equals(keyId)).toList();
            if (keys.size() == existing.keys().size()) {
                return Uni.createFrom().failure(ProblemException.notFound("Key " + keyId + " of partner " + partnerId));
            }
            return save(tx, new PartnerAccessChanged(partnerId, existing.name(), existing.venues(), keys, false));
        })).invoke(directory::forgetAll);
    }

    /**
     * Serializes the writes of one partner across requests and replicas: each reads the partner, then
     * replaces it, so two at once could otherwise lose a key or collide on the insert.
     */
    private Uni<Void> lock(SqlConnection tx, String partnerId) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))").execute(Tuple.of("partner:" + partnerId)).replaceWithVoid();
    }

    private Uni<PartnerAccessChanged> requirePartner(SqlConnection tx, String partnerId) {
        return lock(tx, partnerId).chain(() -> directory.load(tx, partnerId)).onItem().ifNull().failWith(() -> ProblemException.notFound("Partner " + partnerId));
    }

    private Uni<Void> save(SqlConnection tx, PartnerAccessChanged state) {
        return directory.apply(tx, state)
                .chain(() -> outbox.publish(tx, PartnerEvents.PARTNER_ACCESS_CHANGED, state.partnerId(), state))
                .replaceWithVoid();
    }
}
