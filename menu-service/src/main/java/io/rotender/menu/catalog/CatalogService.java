package io.rotender.menu.catalog;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.rotender.contracts.catalog.CatalogEvents;
import io.rotender.menu.pos.PosRules;
import io.rotender.platform.outbox.Outbox;
import io.rotender.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalog's write side: idempotent upserts with client-chosen ids. Each change and its full-state
 * event on {@code rotender.menu.catalog} commit together (outbox); a rejected request changes nothing.
 */
@ApplicationScoped
public class CatalogService {

    private final Outbox outbox;
    private final PosRules posRules;

    public CatalogService(Outbox outbox, PosRules posRules) {
        this.outbox = outbox;
        this.posRules = posRules;
    }

    public record Upserted<T>(T value, boolean created) {
    }

    @WithTransaction
    public Uni<Upserted<Venue>> upsertVenue(String venueId, VenueRequest request) {
        try {
            ZoneId.of(request.timezone());
        } catch (DateTimeException e) {
            return Uni.createFrom().failure(ProblemException.invalidField("timezone", "must be an IANA time zone such as Europe/Warsaw"));
        }
        VenueSettings settings = (request.settings() == null ? VenueSettings.DEFAULTS : request.settings()).withDefaults();
        return Venue.<Venue>findById(venueId).chain(existing -> {
            Venue venue = existing != null ? existing : new Venue();
            OffsetDateTime now = OffsetDateTime.now();
            venue.id = venueId;
            venue.name = request.name().strip();
            venue.currency = request.currency();
            venue.timezone = request.timezone();
            venue.settings = settings;
            venue.updatedAt = now;
            if (existing == null) {
                venue.createdAt = now;
            }
            Uni<Venue> saved = existing == null ? venue.persist() : Uni.createFrom().item(venue);
            return saved
                    .call(v -> outbox.publish(CatalogEvents.VENUE_UPSERTED, venueId, venueUpserted(v)))
                    .chain(v -> currencyChanged(existing, request) ? republishDrinks(v) : Uni.createFrom().item(v))
                    .map(v -> new Upserted<>(v, existing == null));
        });
    }

    private static boolean currencyChanged(Venue existing, VenueRequest request) {
        return existing != null && !existing.currency.equals(request.currency());
    }

    @WithTransaction
    public Uni<Upserted<Ingredient>> upsertIngredient(String venueId, String ingredientId, IngredientRequest request) {
        return requireVenue(venueId).chain(venue -> Ingredient.<Ingredient>findById(new Ingredient.Key(venueId, ingredientId))
                .chain(existing -> {
                    Ingredient ingredient = existing != null ? existing : new Ingredient();
                    boolean renamed = existing != null && !existing.name.equals(request.name().strip());
                    ingredient.venueId = venueId;
                    ingredient.id = ingredientId;
                    ingredient.name = request.name().strip();
                    ingredient.updatedAt = OffsetDateTime.now();
                    Uni<Ingredient> saved = existing == null ? ingredient.persist() : Uni.createFrom().item(ingredient);
                    return saved
                            .call(() -> renamed ? republishDrinks(venue) : Uni.createFrom().voidItem())
                            .map(i -> new Upserted<>(i, existing == null));
                }));
    }

    @WithTransaction
    public Uni<Upserted<Drink>> upsertDrink(String venueId, String drinkId, DrinkRequest request) {
        return requireVenue(venueId).chain(venue -> ingredientsOf(venueId).chain(ingredients -> {
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < request.recipe().size(); i++) {
                RecipeLine line = request.recipe().get(i);
                if (!ingredients.containsKey(line.ingredientId())) {
                    return Uni.createFrom().<Upserted<Drink>>failure(new ProblemException(422, "unknown-ingredient",
                            "Unknown ingredient", "recipe[" + i + "].ingredientId: venue " + venueId
                            + " has no ingredient " + line.ingredientId())
                            .with("invalid_params", List.of(Map.of("name", "recipe[" + i + "].ingredientId",
                                    "reason", "unknown ingredient " + line.ingredientId()))));
                }
                if (!seen.add(line.ingredientId())) {
                    return Uni.createFrom().failure(ProblemException.invalidField("recipe[" + i + "].ingredientId",
                            "ingredient " + line.ingredientId() + " appears twice"));
                }
            }
            boolean sold = request.active() != null ? request.active() : true;
            return posRules.checkPrice(venueId, drinkId, request.price(), sold)
                    .chain(() -> Drink.<Drink>findById(new Drink.Key(venueId, drinkId))).chain(existing -> {
                Drink drink = existing != null ? existing : new Drink();
                drink.venueId = venueId;
                drink.id = drinkId;
                drink.name = request.name().strip();
                drink.description = request.description();
                drink.category = request.category();
                drink.price = request.price().setScale(2, RoundingMode.HALF_UP);
                drink.imageUrl = request.imageUrl();
                drink.alcoholic = request.alcoholic() != null ? request.alcoholic() : false;
                drink.active = sold;
                drink.recipe = new Recipe(List.copyOf(request.recipe()));
                drink.updatedAt = OffsetDateTime.now();
                Uni<Drink> saved = existing == null ? drink.persist() : Uni.createFrom().item(drink);
                return saved.call(d -> publishDrink(venue, d, ingredients)).map(d -> new Upserted<>(d, existing == null));
            });
        }));
    }

    @WithTransaction
    public Uni<Boolean> removeDrink(String venueId, String drinkId) {
        return Drink.<Drink>findById(new Drink.Key(venueId, drinkId)).chain(drink -> {
            if (drink == null) {
                return Uni.createFrom().item(false);
            }
            return drink.delete()
                    .call(() -> outbox.publish(CatalogEvents.DRINK_REMOVED, CatalogEvents.drinkKey(venueId, drinkId),
                            new CatalogEvents.DrinkRemoved(venueId, drinkId)))
                    .replaceWith(true);
        });
    }

    public Uni<Venue> requireVenue(String venueId) {
        return Venue.<Venue>findById(venueId).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("Venue " + venueId));
    }

    private Uni<Map<String, Ingredient>> ingredientsOf(String venueId) {
        return Ingredient.<Ingredient>list("venueId", venueId)
                .map(list -> list.stream().collect(Collectors.toMap(i -> i.id, Function.identity())));
    }

    /** Publishes every drink of the venue again (an ingredient was renamed, or the currency changed). */
    private Uni<Venue> republishDrinks(Venue venue) {
        return ingredientsOf(venue.id).chain(ingredients -> Drink.<Drink>list("venueId", venue.id)
                .chain(drinks -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (Drink drink : drinks) {
                        all = all.call(() -> publishDrink(venue, drink, ingredients));
                    }
                    return all.replaceWith(venue);
                }));
    }

    private Uni<Void> publishDrink(Venue venue, Drink drink, Map<String, Ingredient> ingredients) {
        List<CatalogEvents.RecipeLine> lines = drink.recipe.lines().stream()
                .map(l -> new CatalogEvents.RecipeLine(l.ingredientId(), ingredients.get(l.ingredientId()).name, l.ml()))
                .toList();
        var state = new CatalogEvents.DrinkUpserted(drink.venueId, drink.id, drink.name, drink.description, drink.category,
                drink.price, venue.currency, drink.imageUrl, drink.alcoholic, drink.active, lines);
        return outbox.publish(CatalogEvents.DRINK_UPSERTED, CatalogEvents.drinkKey(drink.venueId, drink.id), state).replaceWithVoid();
    }

    /** The venue as the catalog topic carries it. */
    static CatalogEvents.VenueUpserted venueUpserted(Venue v) {
        VenueSettings s = v.settings;
        CatalogEvents.VenueSettings settings = s == null ? null : new CatalogEvents.VenueSettings(
                s.stockThresholds() == null ? null : new CatalogEvents.StockThresholds(s.stockThresholds().low(), s.stockThresholds().medium()),
                s.requirePosAcceptance(), s.orderTtlMinutes(), s.paymentHoldMinutes(), s.defaultImageUrl());
        return new CatalogEvents.VenueUpserted(v.id, v.name, v.currency, v.timezone, settings);
    }
}
