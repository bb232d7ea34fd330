package io.rotender.menu.pos;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.rotender.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What a venue's POS refuses, checked when a drink is priced rather than when a sold order reaches the POS:
 * Restaumatic requires a positive {@code grossUnitPrice} (seed 001), so a venue forwarding to Restaumatic
 * cannot sell a drink for 0.00. (proxy-connectors refuses the other order of events: connecting Restaumatic
 * to a venue that already sells a free drink.)
 */
@ApplicationScoped
public class PosRules {

    /** Fails with 422 {@code free-drink-for-restaumatic} when the drink would be sold for nothing to a Restaumatic venue. */
    public Uni<Void> checkPrice(String venueId, String drinkId, BigDecimal price, boolean sold) {
        if (!sold || price.signum() > 0) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT pos FROM venue_pos WHERE venue_id = ?1", String.class)
                .setParameter(1, venueId).getResultList()).map(pos -> {
                    if (pos.contains("restaumatic")) {
                        throw new ProblemException(422, "free-drink-for-restaumatic", "Restaumatic refuses free drinks",
                                "Venue " + venueId + " forwards its orders to Restaumatic, which requires a positive grossUnitPrice: "
                                        + "drink " + drinkId + " cannot be sold for 0.00 (price it, or save it inactive)")
                                .with("free_drinks", List.of(drinkId))
                                .with("invalid_params", List.of(Map.of("name", "price", "reason", "must be positive for Restaumatic")));
                    }
                    return null;
                });
    }
}
