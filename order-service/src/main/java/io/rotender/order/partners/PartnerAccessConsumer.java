package io.rotender.order.partners;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotender.platform.consumer.IdempotentConsumer;
import io.rotender.platform.consumer.PoisonMessageException;
import io.rotender.platform.security.PartnerAccessChanged;
import io.rotender.platform.security.PartnerDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps partner access (venues, key hashes) from {@code rotender.partners.access}, owned by menu-service. */
@ApplicationScoped
public class PartnerAccessConsumer {

    private final IdempotentConsumer consumer;
    private final PartnerDirectory directory;
    private final ObjectMapper mapper;

    public PartnerAccessConsumer(IdempotentConsumer consumer, PartnerDirectory directory, ObjectMapper mapper) {
        this.consumer = consumer;
        this.directory = directory;
        this.mapper = mapper;
    }

    @Incoming("partner-access")
    public Uni<Void> onPartnerAccess(String payload) {
        return consumer.consumeWithConnection("order-service.partner-access", payload, (event, tx) -> {
            if (!PartnerAccessChanged.TYPE.equals(event.type())) {
                return Uni.createFrom().voidItem();
            }
            PartnerAccessChanged state = event.dataAs(PartnerAccessChanged.class, mapper);
            if (state.partnerId() == null || state.venues() == null && !state.removed()) {
                throw new PoisonMessageException("PartnerAccessChanged without partnerId or venues");
            }
            return directory.apply(tx, state);
        });
    }
}
