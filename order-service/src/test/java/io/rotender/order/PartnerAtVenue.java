package io.rotender.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What most order tests start from: a fresh venue (vodka-soda, gin-tonic; no POS, 5 minutes of payment hold), a partner
 * scoped to it and its key, the fixtures on the test's broker, and the inventory stand-in answering reservations.
 */
public abstract class PartnerAtVenue {

    @Inject
    protected ObjectMapper mapper;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    protected String bootstrap;
    protected Fixtures fx;
    protected InventoryStandIn inventory;
    protected String venue;
    protected String key;

    @BeforeEach
    void partnerAtVenue() {
        fx = new Fixtures(bootstrap, mapper);
        inventory = InventoryStandIn.shared(bootstrap, mapper);
        venue = fx.venue(false, 5);
        key = fx.partner(venue);
    }

    @AfterEach
    void closeFixtures() {
        fx.close();
    }
}
