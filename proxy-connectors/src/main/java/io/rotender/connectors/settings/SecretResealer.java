package io.rotender.connectors.settings;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;

/**
 * At start-up, seals again with the current key every stored POS credential sealed with an older key or
 * before values were bound to their venue, so a retired key can be dropped from
 * {@code rotender.connectors.old-secret-keys} once every replica has started with the new one. Each row
 * is updated only if it still holds the value read (several replicas may start together).
 */
@ApplicationScoped
public class SecretResealer {

    public static final String FIELD = "restaumatic_api_token";

    private final Pool pool;
    private final SecretBox box;

    public SecretResealer(Pool pool, SecretBox box) {
        this.pool = pool;
        this.box = box;
    }

    void start(@Observes StartupEvent event) {
        resealAll().subscribe().with(count -> {
            if (count > 0) {
                Log.infof("Sealed %d POS credential(s) again with the current key", count);
            }
        }, failure -> Log.errorf("Cannot seal POS credentials again with the current key: %s", failure.getMessage()));
    }

    /** How many stored credentials were sealed again. */
    public Uni<Integer> resealAll() {
        return pool.preparedQuery("SELECT venue_id, restaumatic_api_token_enc FROM pos_settings WHERE restaumatic_api_token_enc IS NOT NULL")
                .execute().chain(rows -> {
                    List<Row> stale = new ArrayList<>();
                    rows.forEach(r -> {
                        if (box.isStale(r.getString("restaumatic_api_token_enc"))) {
                            stale.add(r);
                        }
                    });
                    return Multi.createFrom().iterable(stale).onItem().transformToUniAndConcatenate(this::reseal)
                            .collect().asList().map(done -> (int) done.stream().filter(b -> b).count());
                });
    }

    private Uni<Boolean> reseal(Row row) {
        String venueId = row.getString("venue_id");
        String sealed = row.getString("restaumatic_api_token_enc");
        String clear;
        try {
            clear = sealed.indexOf(':') < 1 ? box.openUnbound(venueId, sealed) : box.open(venueId, FIELD, sealed);
        } catch (RuntimeException e) {
            Log.errorf("POS credential of venue %s cannot be read: %s", venueId, e.getMessage());
            return Uni.createFrom().item(false);
        }
        return pool.preparedQuery("UPDATE pos_settings SET restaumatic_api_token_enc = $3 WHERE venue_id = $1 AND restaumatic_api_token_enc = $2")
                .execute(Tuple.of(venueId, sealed, box.seal(venueId, FIELD, clear))).map(r -> r.rowCount() == 1);
    }
}
