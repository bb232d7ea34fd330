package io.rotender.menu.pos;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.rotender.platform.consumer.IdempotentConsumer;
import io.rotender.platform.consumer.PoisonMessageException;
import io.rotender.platform.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Keeps which POS each venue forwards its orders to ({@code VenuePosChanged} on {@code rotender.connectors.pos},
 * owned by proxy-connectors), for {@link PosRules}. An older event never overwrites a newer state.
 */
@ApplicationScoped
public class VenuePosConsumer {

    static final String TYPE = "VenuePosChanged";
    private static final Set<String> KNOWN = Set.of("restaumatic", "portos");
    private static final String UPSERT = """
            INSERT INTO venue_pos (venue_id, pos, event_time) VALUES (?1, ?2, ?3)
            ON CONFLICT (venue_id) DO UPDATE SET pos = EXCLUDED.pos, event_time = EXCLUDED.event_time
            WHERE venue_pos.event_time <= EXCLUDED.event_time""";

    private final IdempotentConsumer consumer;

    public VenuePosConsumer(IdempotentConsumer consumer) {
        this.consumer = consumer;
    }

    @Incoming("connectors-pos")
    public Uni<Void> onVenuePos(String payload) {
        return consumer.consume("menu-service.venue-pos", payload, this::apply);
    }

    private Uni<Void> apply(EventEnvelope event) {
        if (!TYPE.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        String venueId = event.requiredText("venueId");
        String pos = event.requiredText("pos");
        if (!KNOWN.contains(pos)) {
            throw new PoisonMessageException("VenuePosChanged for " + venueId + " names an unknown POS " + pos);
        }
        OffsetDateTime time = OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC);
        return Panache.getSession().chain(s -> s.createNativeQuery(UPSERT)
                .setParameter(1, venueId).setParameter(2, pos).setParameter(3, time).executeUpdate()).replaceWithVoid();
    }
}
