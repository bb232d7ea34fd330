package io.rotender.order.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Orders in PostgreSQL: plain reactive SQL on the caller's connection or transaction. */
@ApplicationScoped
public class OrderStore {

    private static final String COLUMNS = """
            id, number, venue_id, partner_id, partner_order_id, request_hash, status, pos_status, payment_status,
            payment::text AS payment, customer::text AS customer, note, items::text AS items, currency, order_total, tip,
            reserved, unit_id, unit_name, unit_location, unavailable_drinks::text AS unavailable_drinks, reason,
            code_hash, code_attempts, code_locked, expires_at, created_at, updated_at, traceparent""";
    private static final String LOCKED = "SELECT " + COLUMNS + """
            , v.venue_order_ttl_minutes, v.venue_require_pos_acceptance,
            (extract(epoch FROM now() - orders.created_at) * 1000)::bigint AS age_ms
            FROM orders LEFT JOIN LATERAL (
                SELECT order_ttl_minutes AS venue_order_ttl_minutes, require_pos_acceptance AS venue_require_pos_acceptance
                FROM venue WHERE venue.id = orders.venue_id) v ON true
            """;
    private static final String LOCK = LOCKED + "WHERE orders.id = $1 FOR UPDATE OF orders";
    // in the order of their ids, as every transaction that locks several orders does: two of them never deadlock
    private static final String LOCK_ALL = LOCKED + "WHERE orders.id = ANY($1) ORDER BY orders.id FOR UPDATE OF orders";
    private static final String INSERT = """
            INSERT INTO orders (id, venue_id, partner_id, partner_order_id, request_hash, status, payment_status, payment,
                                customer, note, items, currency, order_total, tip, expires_at, traceparent)
            VALUES ($1, $2, $3, $4, $5, 'pending', $6, CAST($7 AS text)::jsonb, CAST($8 AS text)::jsonb, $9,
                    CAST($10 AS text)::jsonb, $11, $12, $13, $14, $15)
            ON CONFLICT (partner_id, partner_order_id) DO NOTHING
            RETURNING id""";
    private static final String UPDATE = """
            UPDATE orders SET status = $2, pos_status = $3, payment_status = $4, payment = CAST($5 AS text)::jsonb,
                reserved = $6, unit_id = $7, unit_name = $8, unit_location = $9,
                unavailable_drinks = CAST($10 AS text)::jsonb, reason = $11, code_hash = $12, code_attempts = $13,
                code_locked = $14, expires_at = $15, updated_at = now()
            WHERE id = $1
            RETURNING updated_at""";
    private static final String UPDATE_ALL = """
            UPDATE orders SET status = u.status, pos_status = u.pos_status, payment_status = u.payment_status,
                payment = CAST(u.payment AS jsonb), reserved = u.reserved, unit_id = u.unit_id, unit_name = u.unit_name,
                unit_location = u.unit_location, unavailable_drinks = CAST(u.unavailable_drinks AS jsonb), reason = u.reason,
                code_hash = u.code_hash, code_attempts = u.code_attempts, code_locked = u.code_locked, expires_at = u.expires_at,
                updated_at = now()
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::text[], $8::text[], $9::text[],
                        $10::text[], $11::text[], $12::text[], $13::int[], $14::bool[], $15::timestamptz[])
                AS u(id, status, pos_status, payment_status, payment, reserved, unit_id, unit_name, unit_location,
                     unavailable_drinks, reason, code_hash, code_attempts, code_locked, expires_at)
            WHERE orders.id = u.id
            RETURNING orders.id, orders.updated_at""";

    private final ObjectMapper mapper;

    public OrderStore(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Inserts a new pending order; false when the partner already has an order with that partner_order_id. */
    public Uni<Boolean> insert(SqlClient sql, Order o) {
        return sql.preparedQuery(INSERT).execute(Tuple.tuple().addValue(o.id).addValue(o.venueId).addValue(o.partnerId)
                        .addValue(o.partnerOrderId).addValue(o.requestHash).addValue(o.paymentStatus).addValue(json(o.payment))
                        .addValue(json(o.customer)).addValue(o.note).addValue(json(o.items)).addValue(o.currency)
                        .addValue(o.orderTotal).addValue(o.tip).addValue(o.expiresAt).addValue(o.traceparent))
                .map(rows -> rows.iterator().hasNext());
    }

    public Uni<Void> save(SqlClient sql, Order o) {
        return sql.preparedQuery(UPDATE).execute(Tuple.tuple().addValue(o.id).addValue(o.status).addValue(o.posStatus)
                        .addValue(o.paymentStatus).addValue(json(o.payment)).addValue(o.reserved).addValue(o.unitId)
                        .addValue(o.unitName).addValue(o.unitLocation).addValue(json(o.unavailableDrinks)).addValue(o.reason)
                        .addValue(o.codeHash).addValue(o.codeAttempts).addValue(o.codeLocked).addValue(o.expiresAt))
                .invoke(rows -> rows.forEach(r -> o.updatedAt = r.getOffsetDateTime("updated_at")))
                .replaceWithVoid();
    }

    /** Saves several orders in one statement, as {@link #save} saves one. */
    public Uni<Void> saveAll(SqlClient sql, List<Order> orders) {
        if (orders.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = orders.size();
        String[] ids = new String[n], status = new String[n], posStatus = new String[n], paymentStatus = new String[n],
                payment = new String[n], unitId = new String[n], unitName = new String[n], unitLocation = new String[n],
                unavailable = new String[n], reason = new String[n], codeHash = new String[n];
        Boolean[] reserved = new Boolean[n], codeLocked = new Boolean[n];
        Integer[] codeAttempts = new Integer[n];
        OffsetDateTime[] expiresAt = new OffsetDateTime[n];
        Map<String, Order> byId = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Order o = orders.get(i);
            byId.put(o.id, o);
            ids[i] = o.id;
            status[i] = o.status;
            posStatus[i] = o.posStatus;
            paymentStatus[i] = o.paymentStatus;
            payment[i] = json(o.payment);
            reserved[i] = o.reserved;
            unitId[i] = o.unitId;
            unitName[i] = o.unitName;
            unitLocation[i] = o.unitLocation;
            unavailable[i] = json(o.unavailableDrinks);
            reason[i] = o.reason;
            codeHash[i] = o.codeHash;
            codeAttempts[i] = o.codeAttempts;
            codeLocked[i] = o.codeLocked;
            expiresAt[i] = o.expiresAt;
        }
        return sql.preparedQuery(UPDATE_ALL).execute(Tuple.tuple().addValue(ids).addValue(status).addValue(posStatus)
                        .addValue(paymentStatus).addValue(payment).addValue(reserved).addValue(unitId).addValue(unitName)
                        .addValue(unitLocation).addValue(unavailable).addValue(reason).addValue(codeHash).addValue(codeAttempts)
                        .addValue(codeLocked).addValue(expiresAt))
                .invoke(rows -> rows.forEach(r -> byId.get(r.getString("id")).updatedAt = r.getOffsetDateTime("updated_at")))
                .replaceWithVoid();
    }

    /**
     * What an order at the venue is priced from, in one read: the venue's terms and its drinks of these ids (a drink
     * inventory last said no unit can pour is not sellable, so it is refused at once, sold out, rather than after a
     * round trip); null when the venue is unknown.
     */
    public Uni<OrderPricing.Catalog> pricingCatalog(SqlClient sql, String venueId, String[] drinkIds) {
        return sql.preparedQuery("""
                        SELECT v.currency, v.order_ttl_minutes, v.payment_hold_minutes, d.drink_id, d.name, d.price,
                               d.active AND NOT d.removed AND COALESCE(a.available, true) AS sellable
                        FROM venue v
                        LEFT JOIN drink d ON d.venue_id = v.id AND d.drink_id = ANY($2)
                        LEFT JOIN drink_availability a ON a.venue_id = d.venue_id AND a.drink_id = d.drink_id
                        WHERE v.id = $1""")
                .execute(Tuple.tuple().addValue(venueId).addArrayOfString(drinkIds))
                .map(rows -> {
                    OrderPricing.VenueTerms venue = null;
                    Map<String, OrderPricing.CatalogDrink> drinks = new HashMap<>();
                    for (Row r : rows) {
                        if (venue == null) {
                            venue = new OrderPricing.VenueTerms(r.getString("currency"), r.getInteger("order_ttl_minutes"),
                                    r.getInteger("payment_hold_minutes"));
                        }
                        if (r.getString("drink_id") != null) {
                            drinks.put(r.getString("drink_id"),
                                    new OrderPricing.CatalogDrink(r.getString("name"), r.getBigDecimal("price"), r.getBoolean("sellable")));
                        }
                    }
                    return venue == null ? null : new OrderPricing.Catalog(venue, drinks);
                });
    }

    /** The recipes (JSON) of the venue's drinks of these ids, by drink id. */
    public Uni<Map<String, String>> recipes(SqlClient sql, String venueId, String[] drinkIds) {
        return sql.preparedQuery("SELECT drink_id, recipe::text AS recipe FROM drink WHERE venue_id = $1 AND drink_id = ANY($2)")
                .execute(Tuple.tuple().addValue(venueId).addArrayOfString(drinkIds)).map(rows -> {
                    Map<String, String> recipes = new HashMap<>();
                    rows.forEach(r -> recipes.put(r.getString("drink_id"), r.getString("recipe")));
                    return recipes;
                });
    }

    /** Whether a confirmed order of the unit holds the code of this hash. */
    public Uni<Boolean> codeHeld(SqlClient sql, String unitId, String codeHash) {
        return sql.preparedQuery("SELECT 1 FROM orders WHERE unit_id = $1 AND code_hash = $2 AND status = 'confirmed'")
                .execute(Tuple.of(unitId, codeHash)).map(rows -> rows.iterator().hasNext());
    }

    /**
     * The order, its row locked for the caller's transaction, with its venue's order TTL and POS-acceptance rule (the
     * confirmation and the code check need them: one round trip instead of two) and its age on the database's clock
     * (whether a POST may still wait for it); null when unknown. A venue not known
     * yet leaves {@link Order#ttlMinutes} at its default and sets no POS rule.
     */
    public Uni<Order> lock(SqlClient sql, String id) {
        return firstRow(sql, LOCK, Tuple.of(id)).map(r -> r == null ? null : readLocked(r));
    }

    /** The known orders of these ids, as {@link #lock} reads one, their rows locked in the order of their ids. */
    public Uni<List<Order>> lockAll(SqlClient sql, Collection<String> ids) {
        return sql.preparedQuery(LOCK_ALL).execute(Tuple.tuple().addArrayOfString(ids.toArray(String[]::new))).map(rows -> {
            List<Order> orders = new ArrayList<>();
            rows.forEach(r -> orders.add(readLocked(r)));
            return orders;
        });
    }

    private Order readLocked(Row r) {
        Order o = read(r);
        Integer ttl = r.getInteger("venue_order_ttl_minutes");
        if (ttl != null) {
            o.ttlMinutes = ttl;
        }
        o.venueRequiresPosAcceptance = Boolean.TRUE.equals(r.getBoolean("venue_require_pos_acceptance"));
        o.ageWhenLocked = Duration.ofMillis(r.getLong("age_ms"));
        return o;
    }

    public Uni<Order> find(SqlClient sql, String id) {
        return one(sql, "SELECT " + COLUMNS + " FROM orders WHERE id = $1", Tuple.of(id));
    }

    public Uni<Order> findByPartnerKey(SqlClient sql, String partnerId, String partnerOrderId) {
        return one(sql, "SELECT " + COLUMNS + " FROM orders WHERE partner_id = $1 AND partner_order_id = $2",
                Tuple.of(partnerId, partnerOrderId));
    }

    public Uni<List<Order>> list(SqlClient sql, String partnerId, String venueId, String status, OffsetDateTime since, int limit) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM orders WHERE partner_id = $1 AND venue_id = $2"
                        + " AND ($3::text IS NULL OR status = $3) AND ($4::timestamptz IS NULL OR created_at >= $4)"
                        + " ORDER BY created_at DESC, id LIMIT $5")
                .execute(Tuple.tuple().addValue(partnerId).addValue(venueId).addValue(status).addValue(since).addValue(limit))
                .map(rows -> {
                    List<Order> orders = new ArrayList<>();
                    rows.forEach(r -> orders.add(read(r)));
                    return orders;
                });
    }

    /** A page of the change feed: the orders changed after the cursor, oldest change first, and the cursor after them. */
    public record Changes(List<Order> orders, ChangeCursor next, boolean more) {
    }

    /**
     * The partner's orders at the venue changed after {@code after}, oldest change first, at most {@code limit}: only
     * changes of transactions older than every running one, so no later commit can sort before the returned cursor.
     */
    public Uni<Changes> changedAfter(SqlClient sql, String partnerId, String venueId, ChangeCursor after, int limit) {
        return sql.preparedQuery("SELECT " + COLUMNS + ", change_xid::text AS change_xid, change_seq FROM orders"
                        + " WHERE partner_id = $1 AND venue_id = $2 AND (change_xid, change_seq) > ($3::text::xid8, $4)"
                        + " AND change_xid < pg_snapshot_xmin(pg_current_snapshot())"
                        + " ORDER BY change_xid, change_seq LIMIT $5")
                .execute(Tuple.tuple().addValue(partnerId).addValue(venueId).addValue(Long.toString(after.xid()))
                        .addValue(after.seq()).addValue(limit + 1))
                .map(rows -> {
                    List<Order> orders = new ArrayList<>();
                    ChangeCursor next = after;
                    for (Row r : rows) {
                        if (orders.size() == limit) {
                            return new Changes(orders, next, true);
                        }
                        orders.add(read(r));
                        next = new ChangeCursor(Long.parseLong(r.getString("change_xid")), r.getLong("change_seq"));
                    }
                    return new Changes(orders, next, false);
                });
    }

    /** Ids of open orders whose time ran out, locked for the caller (other replicas skip them). */
    public Uni<List<String>> lockExpired(SqlClient sql, int limit) {
        return sql.preparedQuery("""
                        SELECT id FROM orders WHERE status IN ('pending', 'confirmed') AND expires_at < now()
                        ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.of(limit)).map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString("id")));
                    return ids;
                });
    }

    private Uni<Order> one(SqlClient sql, String query, Tuple args) {
        return firstRow(sql, query, args).map(r -> r == null ? null : read(r));
    }

    /** The first row the query answers, null when none. */
    private Uni<Row> firstRow(SqlClient sql, String query, Tuple args) {
        return sql.preparedQuery(query).execute(args).map(rows -> rows.iterator().hasNext() ? rows.iterator().next() : null);
    }

    private Order read(Row r) {
        Order o = new Order();
        o.id = r.getString("id");
        o.number = r.getLong("number");
        o.venueId = r.getString("venue_id");
        o.partnerId = r.getString("partner_id");
        o.partnerOrderId = r.getString("partner_order_id");
        o.requestHash = r.getString("request_hash");
        o.status = r.getString("status");
        o.posStatus = r.getString("pos_status");
        o.paymentStatus = r.getString("payment_status");
        o.payment = node(r.getString("payment"));
        o.customer = node(r.getString("customer"));
        o.note = r.getString("note");
        o.items = node(r.getString("items"));
        o.currency = r.getString("currency");
        o.orderTotal = r.getBigDecimal("order_total");
        o.tip = r.getBigDecimal("tip");
        o.reserved = r.getBoolean("reserved");
        o.unitId = r.getString("unit_id");
        o.unitName = r.getString("unit_name");
        o.unitLocation = r.getString("unit_location");
        o.unavailableDrinks = node(r.getString("unavailable_drinks"));
        o.reason = r.getString("reason");
        o.codeHash = r.getString("code_hash");
        o.codeAttempts = r.getInteger("code_attempts");
        o.codeLocked = r.getBoolean("code_locked");
        o.expiresAt = r.getOffsetDateTime("expires_at");
        o.createdAt = r.getOffsetDateTime("created_at");
        o.updatedAt = r.getOffsetDateTime("updated_at");
        o.traceparent = r.getString("traceparent");
        return o;
    }

    private JsonNode node(String json) {
        try {
            return json == null ? null : mapper.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String json(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }
}
