package io.rotender.connectors.forwarding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.rotender.connectors.portos.PortosOrderMapper;
import io.rotender.connectors.restaumatic.OrderPlacedMapper;
import io.rotender.contracts.orders.OrderEvents;
import io.rotender.contracts.orders.OrderEvents.OrderChanged;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.rotender.platform.consumer.RoutedConsumer;
import io.rotender.platform.events.EventEnvelope;
import io.rotender.platform.notify.AfterCommit;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;


/**
 * Reads {@code rotender.orders.events}: when an order of a venue with a POS is confirmed, the POS's body
 * is built once and queued durably, in the same transaction as the event's id: Restaumatic orders for the
 * sender, PORTOS orders until the till polls them. A restart loses nothing: the queue is a table. When the
 * order is cancelled, expires or is rejected before its POS had it, the queued forward is withdrawn.
 */
@ApplicationScoped
public class OrderEventsConsumer implements RoutedConsumer {

    private static final String WITHDRAW = """
            UPDATE forwarded_order SET delivery = 'withdrawn', last_error = $2, updated_at = now()
            WHERE order_id = $1 AND delivery = 'queued'""";
    /** What became of the order, on its forward whatever its state: a dead letter of an order no longer confirmed is never retried. */
    private static final String OUTCOME = """
            UPDATE forwarded_order SET order_outcome = $2, updated_at = now() WHERE order_id = $1""";
    private static final String HAS_POS = "SELECT 1 FROM pos_settings WHERE venue_id = $1";
    private static final String HAS_FORWARD = "SELECT 1 FROM forwarded_order WHERE order_id = $1";
    private static final String QUEUE = """
            INSERT INTO forwarded_order (order_id, venue_id, pos, external_order_id, body, delivery)
            VALUES ($1, $2, $3, $4, CAST($5 AS text)::jsonb, 'queued') ON CONFLICT (order_id) DO NOTHING""";

    private final EventRouter router;
    private final OrderPlacedMapper mapper;
    private final PortosOrderMapper portos;
    private final ForwardingSender sender;
    private final ObjectMapper json;
    private final Pool pool;

    /**
     * Acts on a confirmation (queues a forward) and on what takes an order off the confirmed path (a cancellation,
     * expiry or rejection withdraws a forward still queued); every other order event (most of the topic) is skipped
     * by its header, unparsed, and one that cannot change anything here (see {@link #mayForward}) with one read instead of
     * a transaction.
     */
    public OrderEventsConsumer(EventRouters routers, OrderPlacedMapper mapper, PortosOrderMapper portos,
                               ForwardingSender sender, ObjectMapper json, Pool pool) {
        this.pool = pool;
        this.mapper = mapper;
        this.portos = portos;
        this.sender = sender;
        this.json = json;
        this.router = routers.named("proxy-connectors.orders-events")
                .on(OrderEvents.ORDER_CONFIRMED, this::queue)
                .on(OrderEvents.ORDER_CANCELLED, this::withdraw)
                .on(OrderEvents.ORDER_EXPIRED, this::withdraw)
                .on(OrderEvents.ORDER_REJECTED, this::withdraw)
                .onlyWhen(this::mayForward)
                .build();
    }

    /** This consumer's router: the service's {@code events} channel hands it the records of its topic. */
    @Override
    public EventRouter router() {
        return router;
    }

    /**
     * Whether an event may change something here, with one read instead of a transaction: a confirmation only at a
     * venue with a POS (most venues have none, and {@link #queue} reads the settings again in its transaction); a
     * cancellation, expiry or rejection only of an order that has a forward (every order at a venue without a POS, and
     * every order rejected before confirmation, has none). The check is exact: {@link #withdraw} touches only that
     * row, and the confirmation that queues it comes before them on the same key, so it has been applied already.
     */
    private Uni<Boolean> mayForward(EventEnvelope event) {
        JsonNode order = event.data() == null ? null : event.data().path("order");
        boolean confirmed = OrderEvents.ORDER_CONFIRMED.name().equals(event.type());
        String id = order == null ? null : order.path(confirmed ? "venue_id" : "id").asText(null);
        if (id == null) {
            return Uni.createFrom().item(true); // the typed contract answers a malformed event in the transaction
        }
        return pool.preparedQuery(confirmed ? HAS_POS : HAS_FORWARD).execute(Tuple.of(id)).map(rows -> rows.size() > 0);
    }

    /** Queues the confirmed order for its venue's POS (a PORTOS order waits there for the poll; the sender is woken after the commit of a Restaumatic one). */
    private Uni<Void> queue(SqlConnection tx, OrderChanged confirmed) {
        JsonNode order = confirmed.order();
        String venueId = order.path("venue_id").asText();
        return tx.preparedQuery("""
                        SELECT pos, restaumatic_restaurant_id, source_reference_name, vat_letters::text AS vat_letters,
                               default_vat_letter, portos_product_ids::text AS portos_product_ids
                        FROM pos_settings WHERE venue_id = $1""")
                .execute(Tuple.of(venueId)).chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().voidItem(); // the venue has no POS
                    }
                    Row s = rows.iterator().next();
                    String orderId = confirmed.orderId();
                    if ("portos".equals(s.getString("pos"))) {
                        // waits in the table until PORTOS polls for it
                        return tx.preparedQuery(QUEUE).execute(Tuple.tuple().addValue(orderId).addValue(venueId).addValue("portos")
                                .addValue(OrderPlacedMapper.externalOrderId(orderId))
                                .addValue(portos.map(order, read(s.getString("portos_product_ids"))).toString())).replaceWithVoid();
                    }
                    var venue = new OrderPlacedMapper.Venue(s.getLong("restaumatic_restaurant_id"), s.getString("source_reference_name"),
                            read(s.getString("vat_letters")), s.getString("default_vat_letter"));
                    // the sender is woken once the forward committed; only for a Restaumatic forward (PORTOS polls, and
                    // an order of a venue without a POS or a withdrawal leaves the sender nothing new)
                    return tx.preparedQuery(QUEUE).execute(Tuple.tuple().addValue(orderId).addValue(venueId).addValue("restaumatic")
                                    .addValue(OrderPlacedMapper.externalOrderId(orderId)).addValue(mapper.map(order, venue).toString()))
                            .invoke(() -> AfterCommit.run(tx, sender::wake))
                            .replaceWithVoid();
                });
    }

    /**
     * A forward the POS has not had yet leaves the queue: the till never books a sale that was refunded. The order's
     * outcome is kept on its forward, so a dead letter of it is not retried.
     */
    private Uni<Void> withdraw(SqlConnection tx, OrderChanged change) {
        String orderId = change.orderId();
        String outcome = change.order().path("status").asText(change.change().toLowerCase());
        String reason = "order " + outcome + " before the POS had it";
        return tx.preparedQuery(WITHDRAW).execute(Tuple.of(orderId, reason)).invoke(rows -> {
            if (rows.rowCount() > 0) {
                Log.infof("Forward of order %s withdrawn: %s", orderId, reason);
            }
        }).chain(() -> tx.preparedQuery(OUTCOME).execute(Tuple.of(orderId, outcome))).replaceWithVoid();
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            return json.createObjectNode();
        }
    }
}
