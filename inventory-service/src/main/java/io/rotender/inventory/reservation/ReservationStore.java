package io.rotender.inventory.reservation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotender.contracts.inventory.InventoryCommands.Item;
import io.rotender.platform.json.JsonSettings;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The SQL of reservations ({@code reservation}, {@code reservation_line}) and the reads a reservation needs, in the caller's transaction. */
@ApplicationScoped
public class ReservationStore {

    private static final String EXISTING = """
            SELECT r.status, r.venue_id, r.unit_id, r.items::text AS items, r.unavailable_drinks::text AS unavailable,
                   r.reason, r.expires_at, u.name AS unit_name, u.location AS unit_location
            FROM reservation r LEFT JOIN unit u ON u.id = r.unit_id WHERE r.order_id = $1 FOR UPDATE OF r""";
    private static final String RECIPES = """
            SELECT drink_id, recipe::text AS recipe FROM drink_recipe
            WHERE venue_id = $1 AND drink_id = ANY($2) AND active AND NOT removed""";
    private static final String FREE = """
            SELECT s.unit_id, s.ingredient_id, s.level_ml - s.reserved_ml AS free
            FROM slot s JOIN unit u ON u.id = s.unit_id
            WHERE u.venue_id = $1 AND u.online AND s.ingredient_id = ANY($2)""";
    private static final String RECIPES_OF_VENUES = """
            SELECT venue_id, drink_id, recipe::text AS recipe FROM drink_recipe
            WHERE venue_id = ANY($1) AND drink_id = ANY($2) AND active AND NOT removed""";
    private static final String FREE_OF_VENUES = """
            SELECT u.venue_id, s.unit_id, s.ingredient_id, s.level_ml - s.reserved_ml AS free
            FROM slot s JOIN unit u ON u.id = s.unit_id
            WHERE u.venue_id = ANY($1) AND u.online""";
    private static final String ANY_OF = "SELECT order_id FROM reservation WHERE order_id = ANY($1)";
    private static final String INSERT_REJECTED_ALL = """
            INSERT INTO reservation (order_id, venue_id, status, items, unavailable_drinks, reason)
            SELECT o, v, 'rejected', CAST(i AS jsonb), CAST(u AS jsonb), $5
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS r(o, v, i, u)""";
    private static final String UNIT = "SELECT name, location FROM unit WHERE id = $1";
    private static final String INSERT = """
            INSERT INTO reservation (order_id, venue_id, unit_id, status, items, unavailable_drinks, reason, expires_at)
            VALUES ($1, $2, $3, $4, CAST($5 AS text)::jsonb, CAST($6 AS text)::jsonb, $7, $8)""";
    private static final String LINES = """
            INSERT INTO reservation_line (order_id, ingredient_id, ml) SELECT $1, i, m FROM unnest($2::text[], $3::int[]) AS v(i, m)""";
    private static final String LINES_OF = "SELECT ingredient_id, ml FROM reservation_line WHERE order_id = $1";
    private static final String SET_STATUS = "UPDATE reservation SET status = $2, reason = $3, updated_at = now() WHERE order_id = $1";

    /**
     * An order's reservation as stored (locked): reserved on a unit, rejected, released or consumed; its items and
     * unavailable drinks as stored JSON, read only by the one path that answers with them ({@link #items}, {@link #unavailable}).
     */
    public record Reservation(String status, String venueId, String unitId, String unitName, String unitLocation, String itemsJson,
                              String unavailableJson, String reason, Instant expiresAt) {
    }

    /** A unit's name and where it stands, as the partner's app shows it. */
    public record UnitPlace(String name, String location) {
    }

    private final ObjectMapper mapper;

    public ReservationStore(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The order's reservation, its row locked until the transaction ends; null when there is none. */
    public Uni<Reservation> lock(SqlConnection tx, String orderId) {
        return tx.preparedQuery(EXISTING).execute(Tuple.of(orderId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return null;
            }
            Row r = rows.iterator().next();
            OffsetDateTime expires = r.getOffsetDateTime("expires_at");
            return new Reservation(r.getString("status"), r.getString("venue_id"), r.getString("unit_id"), r.getString("unit_name"),
                    r.getString("unit_location"), r.getString("items"), r.getString("unavailable"), r.getString("reason"),
                    expires == null ? null : expires.toInstant());
        });
    }

    /** The venue's active recipes of {@code drinkIds}, as stored (JSON text) by drink id. */
    public Uni<Map<String, String>> recipes(SqlConnection tx, String venueId, String[] drinkIds) {
        return tx.preparedQuery(RECIPES).execute(Tuple.tuple().addValue(venueId).addArrayOfString(drinkIds)).map(rows -> {
            Map<String, String> recipes = new HashMap<>();
            rows.forEach(r -> recipes.put(r.getString("drink_id"), r.getString("recipe")));
            return recipes;
        });
    }

    /** The free millilitres (level minus reserved) of {@code ingredients} on each online unit of the venue, unlocked. */
    public Uni<Map<String, Map<String, Integer>>> freeStock(SqlConnection tx, String venueId, Set<String> ingredients) {
        return tx.preparedQuery(FREE).execute(Tuple.tuple().addValue(venueId).addArrayOfString(ingredients.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Map<String, Integer>> free = new TreeMap<>();
                    rows.forEach(r -> free.computeIfAbsent(r.getString("unit_id"), u -> new HashMap<>())
                            .put(r.getString("ingredient_id"), r.getInteger("free")));
                    return free;
                });
    }

    /** The active recipes of {@code drinkIds} at each of {@code venueIds}, as stored (JSON text), by venue then drink. */
    public Uni<Map<String, Map<String, String>>> recipes(SqlClient client, Set<String> venueIds, Set<String> drinkIds) {
        return client.preparedQuery(RECIPES_OF_VENUES).execute(Tuple.tuple().addArrayOfString(venueIds.toArray(String[]::new))
                .addArrayOfString(drinkIds.toArray(String[]::new))).map(rows -> {
            Map<String, Map<String, String>> recipes = new HashMap<>();
            rows.forEach(r -> recipes.computeIfAbsent(r.getString("venue_id"), v -> new HashMap<>())
                    .put(r.getString("drink_id"), r.getString("recipe")));
            return recipes;
        });
    }

    /** The free millilitres of every ingredient on each online unit of each venue, unlocked: by venue, then as {@link #freeStock}. */
    public Uni<Map<String, Map<String, Map<String, Integer>>>> freeStock(SqlClient client, Set<String> venueIds) {
        return client.preparedQuery(FREE_OF_VENUES).execute(Tuple.tuple().addArrayOfString(venueIds.toArray(String[]::new))).map(rows -> {
            Map<String, Map<String, Map<String, Integer>>> free = new HashMap<>();
            rows.forEach(r -> free.computeIfAbsent(r.getString("venue_id"), v -> new TreeMap<>())
                    .computeIfAbsent(r.getString("unit_id"), u -> new HashMap<>())
                    .put(r.getString("ingredient_id"), r.getInteger("free")));
            return free;
        });
    }

    /** Which of these orders have a reservation (reserved, rejected or settled). */
    public Uni<Set<String>> existing(SqlClient client, Set<String> orderIds) {
        return client.preparedQuery(ANY_OF).execute(Tuple.tuple().addArrayOfString(orderIds.toArray(String[]::new))).map(rows -> {
            Set<String> existing = new HashSet<>();
            rows.forEach(r -> existing.add(r.getString("order_id")));
            return existing;
        });
    }

    /** A rejection (as {@link #insertRejected}) for each of {@code rejections}, for one reason, in one statement. */
    public Uni<Void> insertRejected(SqlConnection tx, List<Rejection> rejections, String reason) {
        int n = rejections.size();
        String[] orders = new String[n];
        String[] venues = new String[n];
        String[] items = new String[n];
        String[] unavailable = new String[n];
        for (int i = 0; i < n; i++) {
            Rejection rejection = rejections.get(i);
            orders[i] = rejection.orderId();
            venues[i] = rejection.venueId();
            items[i] = json(rejection.items());
            unavailable[i] = json(rejection.unavailable());
        }
        return tx.preparedQuery(INSERT_REJECTED_ALL).execute(Tuple.tuple().addArrayOfString(orders).addArrayOfString(venues)
                .addArrayOfString(items).addArrayOfString(unavailable).addValue(reason)).replaceWithVoid();
    }

    /** An order's rejection: its items as asked and the drinks to name. */
    public record Rejection(String orderId, String venueId, List<Item> items, List<String> unavailable) {
    }

    public Uni<UnitPlace> unit(SqlConnection tx, String unitId) {
        return tx.preparedQuery(UNIT).execute(Tuple.of(unitId)).map(rows -> {
            Row unit = rows.iterator().next();
            return new UnitPlace(unit.getString("name"), unit.getString("location"));
        });
    }

    /** A reservation on {@code unitId} with its lines (the millilitres of each ingredient it holds). */
    public Uni<Void> insertReserved(SqlConnection tx, String orderId, String venueId, String unitId, List<Item> items,
                                    Map<String, Integer> lines, Instant expiresAt) {
        return tx.preparedQuery(INSERT).execute(Tuple.tuple().addValue(orderId).addValue(venueId).addValue(unitId).addValue("reserved")
                        .addValue(json(items)).addValue(null).addValue(null).addValue(OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC)))
                .chain(() -> tx.preparedQuery(LINES).execute(Tuple.tuple().addValue(orderId)
                        .addArrayOfString(lines.keySet().toArray(String[]::new)).addArrayOfInteger(lines.values().toArray(Integer[]::new))))
                .replaceWithVoid();
    }

    /** A rejection, kept so that a repeated command gets the same answer. */
    public Uni<Void> insertRejected(SqlConnection tx, String orderId, String venueId, List<Item> items, List<String> unavailable,
                                    String reason) {
        return tx.preparedQuery(INSERT).execute(Tuple.tuple().addValue(orderId).addValue(venueId).addValue(null).addValue("rejected")
                .addValue(json(items)).addValue(json(unavailable)).addValue(reason).addValue(null)).replaceWithVoid();
    }

    /** The millilitres the reservation holds, by ingredient. */
    public Uni<Map<String, Integer>> lines(SqlConnection tx, String orderId) {
        return tx.preparedQuery(LINES_OF).execute(Tuple.of(orderId)).map(rows -> {
            Map<String, Integer> reserved = new TreeMap<>();
            rows.forEach(r -> reserved.put(r.getString("ingredient_id"), r.getInteger("ml")));
            return reserved;
        });
    }

    public Uni<Void> setStatus(SqlConnection tx, String orderId, String status, String reason) {
        return tx.preparedQuery(SET_STATUS).execute(Tuple.of(orderId, status, reason)).replaceWithVoid();
    }

    public List<Item> items(Reservation reservation) {
        return read(reservation.itemsJson(), new TypeReference<>() { });
    }

    public List<String> unavailable(Reservation reservation) {
        return read(reservation.unavailableJson(), new TypeReference<>() { });
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return json == null ? null : JsonSettings.lenient(mapper, type).readValue(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
