package io.rotender.order.partners;

import io.rotender.contracts.partners.PartnerEvents;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.rotender.platform.consumer.RoutedConsumer;
import io.rotender.platform.security.PartnerDirectory;
import jakarta.enterprise.context.ApplicationScoped;

/** Keeps partner access (venues, key hashes) from {@code rotender.partners.access}, owned by menu-service. */
@ApplicationScoped
public class PartnerAccessConsumer implements RoutedConsumer {

    private final EventRouter router;

    public PartnerAccessConsumer(EventRouters routers, PartnerDirectory directory) {
        this.router = routers.named("order-service.partner-access").on(PartnerEvents.PARTNER_ACCESS_CHANGED, directory::apply).build();
    }

    /** This consumer's router: the service's {@code events} channel hands it the records of its topic. */
    @Override
    public EventRouter router() {
        return router;
    }
}
