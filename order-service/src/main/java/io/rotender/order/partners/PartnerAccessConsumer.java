package io.rotender.order.partners;

import io.rotender.contracts.partners.PartnerEvents;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.rotender.platform.security.PartnerDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps partner access (venues, key hashes) from {@code rotender.partners.access}, owned by menu-service. */
@ApplicationScoped
public class PartnerAccessConsumer {

    private final EventRouter router;

    public PartnerAccessConsumer(EventRouters routers, PartnerDirectory directory) {
        this.router = routers.named("order-service.partner-access").on(PartnerEvents.PARTNER_ACCESS_CHANGED, directory::apply).build();
    }

    @Incoming("partner-access")
    public Uni<Void> onPartnerAccess(ConsumerRecord<String, String> record) {
        return router.route(record);
    }
}
