package io.rotender.connectors.catalog;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.rotender.contracts.catalog.CatalogEvents;
import io.rotender.contracts.catalog.CatalogEvents.DrinkUpserted;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.rotender.platform.consumer.RoutedConsumer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What proxy-connectors keeps of the catalog ({@code rotender.menu.catalog}): each drink's price and whether
 * it is sold, so that a venue is not connected to Restaumatic while it sells a drink Restaumatic would refuse
 * (seed 001: {@code grossUnitPrice} must be positive). The other order of events, a drink made free at a venue
 * already connected, is refused by menu-service (it reads {@code rotender.connectors.pos}); a free drink that
 * still arrives (the two changes crossing) is reported at once (log and
 * {@code rotender_connector_config_conflicts_total}), not when an order of it is dead-lettered.
 */
@ApplicationScoped
public class CatalogPrices implements RoutedConsumer {

    private static final String UPSERT = """
            INSERT INTO catalog_drink (venue_id, drink_id, name, price, sold) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (venue_id, drink_id) DO UPDATE SET name = EXCLUDED.name, price = EXCLUDED.price, sold = EXCLUDED.sold,
                updated_at = now()""";
    private static final String FREE = """
            SELECT drink_id FROM catalog_drink WHERE venue_id = $1 AND sold AND price <= 0 ORDER BY drink_id""";

    private final EventRouter router;
    private final MeterRegistry metrics;

    public CatalogPrices(EventRouters routers, MeterRegistry metrics) {
        this.metrics = metrics;
        this.router = routers.named("proxy-connectors.catalog")
                .on(CatalogEvents.DRINK_UPSERTED, this::upserted)
                .on(CatalogEvents.DRINK_REMOVED, (tx, removed) -> tx.preparedQuery(
                                "UPDATE catalog_drink SET sold = false, updated_at = now() WHERE venue_id = $1 AND drink_id = $2")
                        .execute(Tuple.of(removed.venueId(), removed.drinkId())).replaceWithVoid())
                .build();
    }

    /** This consumer's router: the service's {@code events} channel hands it the records of its topic. */
    @Override
    public EventRouter router() {
        return router;
    }

    private Uni<Void> upserted(SqlConnection tx, DrinkUpserted drink) {
        BigDecimal price = drink.price();
        boolean sold = drink.active();
        return tx.preparedQuery(UPSERT).execute(Tuple.of(drink.venueId(), drink.drinkId(), drink.name(), price, sold))
                .chain(() -> sold && price.signum() <= 0 ? reportIfRestaumatic(tx, drink.venueId(), drink.drinkId()) : Uni.createFrom().voidItem());
    }

    private Uni<Void> reportIfRestaumatic(SqlConnection tx, String venueId, String drinkId) {
        return tx.preparedQuery("SELECT 1 FROM pos_settings WHERE venue_id = $1 AND pos = 'restaumatic'").execute(Tuple.of(venueId))
                .invoke(rows -> {
                    if (rows.iterator().hasNext()) {
                        metrics.counter("rotender.connector.config.conflicts", "connector", "restaumatic", "reason", "free-drink").increment();
                        Log.errorf("Venue %s forwards to Restaumatic but its drink %s is now free: Restaumatic will refuse its orders "
                                + "(grossUnitPrice must be positive); price it, or deactivate it", venueId, drinkId);
                    }
                }).replaceWithVoid();
    }

    /** The drinks the venue sells for nothing (none when the catalog has not reached this service yet). */
    public static Uni<List<String>> freeDrinks(SqlClient sql, String venueId) {
        return sql.preparedQuery(FREE).execute(Tuple.of(venueId)).map(rows -> {
            List<String> free = new ArrayList<>();
            rows.forEach(r -> free.add(r.getString("drink_id")));
            return free;
        });
    }
}
