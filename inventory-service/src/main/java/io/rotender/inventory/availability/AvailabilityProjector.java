package io.rotender.inventory.availability;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotender.contracts.inventory.AvailabilityEvents;
import io.rotender.contracts.inventory.AvailabilityEvents.DrinkAvailabilityChanged;
import io.rotender.inventory.config.InventoryConfig;
import io.rotender.platform.notify.AfterCommit;
import io.rotender.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What a venue can pour. A change of its stock, units or recipes marks the venue in the change's own
 * transaction ({@link #changed}: one appended row, no lock; this replica's refresher is told on commit); {@link #refresh}
 * later recomputes the venue once for every mark it takes and publishes {@code DrinkAvailabilityChanged}
 * for the drinks whose availability, stock level band or set of units changed. A transaction-scoped lock
 * per venue orders concurrent refreshes, and a refresh reads what committed after the marks it took, so the
 * last state published is the state of the last commit.
 */
@ApplicationScoped
public class AvailabilityProjector {

    /** Notified with the venue id on the commit of a change that marked it, by replicas of earlier versions. */
    public static final String CHANNEL = "rotender_availability_pending";
    private static final String MARK = "INSERT INTO availability_pending (venue_id) VALUES ($1)";
    private static final String TAKE_MARKS = "DELETE FROM availability_pending WHERE venue_id = $1 RETURNING id";
    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('availability:' || $1))";
    private static final String THRESHOLDS = "SELECT low_threshold, medium_threshold FROM venue_settings WHERE venue_id = $1";
    private static final String DRINKS = "SELECT drink_id, active AND NOT removed AS sellable, recipe::text AS recipe FROM drink_recipe WHERE venue_id = $1";
    private static final String FREE = """
            SELECT s.unit_id, s.ingredient_id, s.level_ml - s.reserved_ml AS free
            FROM slot s JOIN unit u ON u.id = s.unit_id WHERE u.venue_id = $1 AND u.online""";
    private static final String PREVIOUS = "SELECT drink_id, available, stock_level, units FROM availability_state WHERE venue_id = $1";
    private static final String SAVE = """
            INSERT INTO availability_state (venue_id, drink_id, available, pourable, stock_level, units, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, now())
            ON CONFLICT (venue_id, drink_id) DO UPDATE SET available = EXCLUDED.available, pourable = EXCLUDED.pourable,
                stock_level = EXCLUDED.stock_level, units = EXCLUDED.units, updated_at = now()""";

    private final Pool pool;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final InventoryConfig config;

    public AvailabilityProjector(Pool pool, Outbox outbox, ObjectMapper mapper, InventoryConfig config) {
        this.pool = pool;
        this.outbox = outbox;
        this.mapper = mapper;
        this.config = config;
    }

    /** Called with the venue id once a transaction that marked a venue committed (set by the refresher). */
    private volatile Consumer<String> onMarkCommitted = venueId -> {
    };

    void onMarkCommitted(Consumer<String> listener) {
        this.onMarkCommitted = listener;
    }

    /**
     * Marks the venue's availability for a refresh, in the transaction of the change that affects it; once that
     * commits, this replica's refresher is told in-process (no notification: a notifying commit takes PostgreSQL's
     * cluster-wide notification lock, and any replica may refresh the venue).
     */
    public Uni<Void> changed(SqlConnection tx, String venueId) {
        return tx.preparedQuery(MARK).execute(Tuple.of(venueId))
                .invoke(() -> AfterCommit.run(tx, () -> onMarkCommitted.accept(venueId)))
                .replaceWithVoid();
    }

    /**
     * Recomputes the venue in a transaction of its own if it is still marked, taking its marks (another
     * replica may have refreshed it first: then nothing is left to do).
     */
    public Uni<Void> refresh(String venueId) {
        return pool.withTransaction(tx -> tx.preparedQuery(LOCK).execute(Tuple.of(venueId))
                .chain(() -> tx.preparedQuery(TAKE_MARKS).execute(Tuple.of(venueId)))
                .chain(marks -> marks.rowCount() == 0 ? Uni.createFrom().voidItem() : recompute(tx, venueId)));
    }

    private Uni<Void> recompute(SqlConnection tx, String venueId) {
        return tx.preparedQuery(THRESHOLDS).execute(Tuple.of(venueId))
                .chain(thresholdRows -> {
                    int low = config.defaultLowThreshold();
                    int medium = config.defaultMediumThreshold();
                    for (Row r : thresholdRows) {
                        low = r.getInteger("low_threshold");
                        medium = r.getInteger("medium_threshold");
                    }
                    int lowBand = low;
                    int mediumBand = medium;
                    return tx.preparedQuery(FREE).execute(Tuple.of(venueId)).chain(freeRows -> {
                        Map<String, Map<String, Integer>> freeByUnit = new TreeMap<>();
                        for (Row r : freeRows) {
                            freeByUnit.computeIfAbsent(r.getString("unit_id"), u -> new HashMap<>())
                                    .put(r.getString("ingredient_id"), r.getInteger("free"));
                        }
                        return tx.preparedQuery(PREVIOUS).execute(Tuple.of(venueId)).chain(previousRows -> {
                            Map<String, String> previous = new HashMap<>();
                            for (Row r : previousRows) {
                                previous.put(r.getString("drink_id"),
                                        r.getBoolean("available") + "|" + r.getString("stock_level") + "|" + r.getString("units"));
                            }
                            return tx.preparedQuery(DRINKS).execute(Tuple.of(venueId)).chain(drinkRows -> {
                                List<DrinkAvailabilityChanged> changed = new ArrayList<>();
                                for (Row r : drinkRows) {
                                    var now = compute(venueId, r, freeByUnit, lowBand, mediumBand);
                                    String signature = now.available() + "|" + now.stockLevel() + "|" + String.join(",", now.units());
                                    if (!signature.equals(previous.get(now.drinkId()))) {
                                        changed.add(now);
                                    }
                                }
                                return publish(tx, changed);
                            });
                        });
                    });
                });
    }

    private DrinkAvailabilityChanged compute(String venueId, Row drink, Map<String, Map<String, Integer>> freeByUnit,
                                                         int low, int medium) {
        String drinkId = drink.getString("drink_id");
        Map<String, Integer> recipe;
        try {
            recipe = Recipes.millilitres(mapper.readTree(drink.getString("recipe")));
        } catch (Exception e) {
            recipe = Map.of();
        }
        int pourable = 0;
        List<String> units = new ArrayList<>();
        if (drink.getBoolean("sellable") && !recipe.isEmpty()) {
            for (var unit : freeByUnit.entrySet()) {
                int onUnit = Integer.MAX_VALUE;
                for (var need : recipe.entrySet()) {
                    int free = unit.getValue().getOrDefault(need.getKey(), 0);
                    onUnit = Math.min(onUnit, Math.max(0, free) / need.getValue());
                }
                if (onUnit > 0) {
                    pourable += onUnit;
                    units.add(unit.getKey());
                }
            }
        }
        return new DrinkAvailabilityChanged(venueId, drinkId, pourable > 0, pourable,
                StockLevels.band(pourable, low, medium), units);
    }

    private Uni<Void> publish(SqlConnection tx, List<DrinkAvailabilityChanged> changed) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var a : changed) {
            chain = chain
                    .chain(() -> tx.preparedQuery(SAVE).execute(Tuple.tuple().addValue(a.venueId()).addValue(a.drinkId())
                            .addValue(a.available()).addValue(a.pourable()).addValue(a.stockLevel())
                            .addValue(String.join(",", a.units()))))
                    .chain(() -> outbox.publish(tx, AvailabilityEvents.DRINK_AVAILABILITY_CHANGED, AvailabilityEvents.drinkKey(a.venueId(), a.drinkId()), a))
                    .replaceWithVoid();
        }
        return chain;
    }
}
