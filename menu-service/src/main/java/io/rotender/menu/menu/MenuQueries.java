package io.rotender.menu.menu;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the live menu from this service's catalog and availability projection (plain reactive SQL, no
 * ORM session on the hot read path). A drink without availability information counts as out of stock.
 */
@ApplicationScoped
public class MenuQueries {

    private static final String VENUE = "SELECT id, name, currency, timezone FROM venue WHERE id = $1";
    private static final String UNITS = """
            SELECT unit_id, name, location, online FROM venue_unit WHERE venue_id = $1 ORDER BY unit_id""";
    private static final String DRINKS = """
            SELECT d.id, d.name, d.description, d.category, d.price,
                   COALESCE(d.image_url, v.settings->>'defaultImageUrl', $3) AS image_url, d.alcoholic,
                   ARRAY(SELECT i.name FROM jsonb_array_elements(d.recipe->'lines') WITH ORDINALITY AS r(line, ord)
                         JOIN ingredient i ON i.venue_id = d.venue_id AND i.id = r.line->>'ingredientId'
                         ORDER BY r.ord) AS ingredients,
                   COALESCE(a.available, false) AS available, COALESCE(a.stock_level, 'oos') AS stock_level
            FROM drink d JOIN venue v ON v.id = d.venue_id
              LEFT JOIN drink_availability a ON a.venue_id = d.venue_id AND a.drink_id = d.id
            WHERE d.venue_id = $1 AND d.active AND ($2::text IS NULL OR d.id = $2)
            ORDER BY d.category NULLS LAST, d.name, d.id""";

    private final Pool pool;
    private final MenuCache cache;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;

    private final String placeholderImage;

    public MenuQueries(Pool pool, MenuCache cache, com.fasterxml.jackson.databind.ObjectMapper mapper,
                       @org.eclipse.microprofile.config.inject.ConfigProperty(name = "rotender.menu.placeholder-image-url")
                       String placeholderImage) {
        this.placeholderImage = placeholderImage;
        this.pool = pool;
        this.cache = cache;
        this.mapper = mapper;
    }

    /** The venue's menu, or null for an unknown venue; served from {@link MenuCache} between changes. */
    public Uni<MenuViews.Menu> menu(String venueId, boolean includeUnavailable) {
        return cache.menu(venueId, () -> load(venueId)).map(menu -> menu == null ? null : view(menu, includeUnavailable));
    }

    /** The same menu as JSON, serialized once per change of the venue. */
    public Uni<byte[]> menuJson(String venueId, boolean includeUnavailable) {
        return cache.json(venueId, includeUnavailable ? 1 : 0, () -> load(venueId), full -> {
            try {
                return mapper.writeValueAsBytes(view(full, includeUnavailable));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static MenuViews.Menu view(MenuViews.Menu menu, boolean includeUnavailable) {
        return includeUnavailable ? menu : new MenuViews.Menu(menu.id(), menu.name(), menu.currency(), menu.timezone(), menu.units(),
                menu.drinks().stream().filter(MenuViews.MenuDrink::available).toList());
    }

    private Uni<MenuViews.Menu> load(String venueId) {
        return pool.preparedQuery(VENUE).execute(Tuple.of(venueId)).chain(venues -> {
            if (!venues.iterator().hasNext()) {
                return Uni.createFrom().nullItem();
            }
            Row venue = venues.iterator().next();
            return pool.preparedQuery(UNITS).execute(Tuple.of(venueId)).chain(unitRows -> {
                List<MenuViews.Unit> units = new ArrayList<>();
                unitRows.forEach(r -> units.add(new MenuViews.Unit(r.getString("unit_id"), r.getString("name"),
                        r.getString("location"), r.getBoolean("online"))));
                return drinks(venueId, null).map(drinks -> new MenuViews.Menu(venue.getString("id"), venue.getString("name"),
                        venue.getString("currency"), venue.getString("timezone"), units,
                        drinks));
            });
        });
    }

    /** One drink of the venue's menu, or null when the venue has no such active drink. */
    public Uni<MenuViews.MenuDrink> drink(String venueId, String drinkId) {
        return drink(pool, venueId, drinkId);
    }

    /** The same on the caller's connection (inside its transaction). */
    public Uni<MenuViews.MenuDrink> drink(io.vertx.mutiny.sqlclient.SqlClient sql, String venueId, String drinkId) {
        return drinks(sql, venueId, drinkId).map(list -> list.isEmpty() ? null : list.get(0));
    }

    private Uni<List<MenuViews.MenuDrink>> drinks(String venueId, String drinkId) {
        return drinks(pool, venueId, drinkId);
    }

    private Uni<List<MenuViews.MenuDrink>> drinks(io.vertx.mutiny.sqlclient.SqlClient sql, String venueId, String drinkId) {
        return sql.preparedQuery(DRINKS).execute(Tuple.of(venueId, drinkId, placeholderImage)).map(rows -> {
            List<MenuViews.MenuDrink> drinks = new ArrayList<>();
            for (Row r : rows) {
                drinks.add(new MenuViews.MenuDrink(r.getString("id"), r.getString("name"),
                        Arrays.asList(r.getArrayOfStrings("ingredients")), r.getBigDecimal("price"),
                        r.getString("description"), r.getString("category"), r.getString("image_url"),
                        r.getBoolean("alcoholic"), r.getString("stock_level"), r.getBoolean("available")));
            }
            return drinks;
        });
    }
}
