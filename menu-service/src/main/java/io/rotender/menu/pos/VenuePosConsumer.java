package io.rotender.menu.pos;

import io.rotender.contracts.connectors.ConnectorEvents;
import io.rotender.contracts.connectors.ConnectorEvents.VenuePosChanged;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.rotender.platform.consumer.PoisonMessageException;
import io.rotender.platform.consumer.RoutedConsumer;
import io.rotender.platform.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Keeps which POS each venue forwards its orders to ({@code VenuePosChanged} on {@code rotender.connectors.pos},
 * owned by proxy-connectors), for {@link PosRules}. An older event never overwrites a newer state.
 */
@ApplicationScoped
public class VenuePosConsumer implements RoutedConsumer {

    private static final Set<String> KNOWN = Set.of("restaumatic", "portos");
    private static final String UPSERT = """
            INSERT INTO venue_pos (venue_id, pos, event_time) VALUES ($1, $2, $3)
            ON CONFLICT (venue_id) DO UPDATE SET pos = EXCLUDED.pos, event_time = EXCLUDED.event_time
            WHERE venue_pos.event_time <= EXCLUDED.event_time""";

    private final EventRouter router;

    public VenuePosConsumer(EventRouters routers) {
        this.router = routers.named("menu-service.venue-pos").on(ConnectorEvents.VENUE_POS_CHANGED, this::apply).build();
    }

    /** This consumer's router: the service's {@code events} channel hands it the records of its topic. */
    @Override
    public EventRouter router() {
        return router;
    }

    private Uni<Void> apply(SqlConnection tx, VenuePosChanged changed, EventEnvelope event) {
        if (!KNOWN.contains(changed.pos())) {
            throw new PoisonMessageException("VenuePosChanged for " + changed.venueId() + " names an unknown POS " + changed.pos());
        }
        return tx.preparedQuery(UPSERT).execute(Tuple.of(changed.venueId(), changed.pos(),
                OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC))).replaceWithVoid();
    }
}
