package io.rotender.connectors.forwarding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.rotender.connectors.portos.PortosOrderMapper;
import io.rotender.connectors.restaumatic.OrderPlacedMapper;
import io.rotender.platform.consumer.IdempotentConsumer;
import io.rotender.platform.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads {@code rotender.orders.events}: when an order of a venue with a POS is confirmed, the POS's body
 * is built once and queued durably, in the same transaction as the event's id: Restaumatic orders for the
 * sender, PORTOS orders until the till polls them. A restart loses nothing: the queue is a table. When the
 * order is cancelled, expires or is rejected before its POS had it, the queued forward is withdrawn.
 */
@ApplicationScoped
public class OrderEventsConsumer {

    /** The order events that take an order off the confirmed path: its forward, if still queued, is withdrawn. */
    private static final Set<String> WITHDRAWING = Set.of("OrderCancelled", "OrderExpired", "OrderRejected");
    /** What this consumer acts on; every other order event (most of the topic) is skipped by its header, unparsed. */
    private static final Set<String> TYPES = Set.of("OrderConfirmed", "OrderCancelled", "OrderExpired", "OrderRejected");
    private static final String WITHDRAW = """
            UPDATE forwarded_order SET delivery = 'withdrawn', last_error = $2, updated_at = now()
            WHERE order_id = $1 AND delivery = 'queued'""";
    private static final String QUEUE = """
            INSERT INTO forwarded_order (order_id, venue_id, pos, external_order_id, body, delivery)
            VALUES ($1, $2, $3, $4, CAST($5 AS text)::jsonb, 'queued') ON CONFLICT (order_id) DO NOTHING""";

    private final IdempotentConsumer consumer;
    private final OrderPlacedMapper mapper;
    private final PortosOrderMapper portos;
    private final ForwardingSender sender;
    private final ObjectMapper json;

    public OrderEventsConsumer(IdempotentConsumer consumer, OrderPlacedMapper mapper, PortosOrderMapper portos,
                               ForwardingSender sender, ObjectMapper json) {
        this.consumer = consumer;
        this.mapper = mapper;
        this.portos = portos;
        this.sender = sender;
        this.json = json;
    }

    @Incoming("orders-events")
    public Uni<Void> onOrderEvent(ConsumerRecord<String, String> record) {
        // a confirmation queues a forward, a cancellation or expiry withdraws one not yet delivered; the sender
        // is woken, after the commit, when a forward to Restaumatic was queued (a PORTOS order waits for the poll)
        AtomicBoolean forwardQueued = new AtomicBoolean();
        return consumer.consumeWithConnection("proxy-connectors.orders-events", record, TYPES,
                        (event, tx) -> apply(event, tx).invoke(forwardQueued::set).replaceWithVoid())
                .invoke(() -> {
                    if (forwardQueued.get()) {
                        sender.wake();
                    }
                });
    }

    /** Queues the confirmed order for its venue's POS; answers whether a Restaumatic forward was queued. */
    private Uni<Boolean> apply(EventEnvelope event, SqlConnection tx) {
        if (WITHDRAWING.contains(event.type())) {
            return withdraw(event, tx).replaceWith(false);
        }
        // OrderConfirmed: the only other type in TYPES
        JsonNode order = event.data().path("order");
        String venueId = order.path("venue_id").asText();
        return tx.preparedQuery("""
                        SELECT pos, restaumatic_restaurant_id, source_reference_name, vat_letters::text AS vat_letters,
                               default_vat_letter, portos_product_ids::text AS portos_product_ids
                        FROM pos_settings WHERE venue_id = $1""")
                .execute(Tuple.of(venueId)).chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().item(false); // the venue has no POS
                    }
                    Row s = rows.iterator().next();
                    String orderId = order.path("id").asText();
                    if ("portos".equals(s.getString("pos"))) {
                        // waits in the table until PORTOS polls for it
                        return tx.preparedQuery(QUEUE).execute(Tuple.tuple().addValue(orderId).addValue(venueId).addValue("portos")
                                .addValue(OrderPlacedMapper.externalOrderId(orderId))
                                .addValue(portos.map(order, read(s.getString("portos_product_ids"))).toString())).replaceWith(false);
                    }
                    var venue = new OrderPlacedMapper.Venue(s.getLong("restaumatic_restaurant_id"), s.getString("source_reference_name"),
                            read(s.getString("vat_letters")), s.getString("default_vat_letter"));
                    return tx.preparedQuery(QUEUE).execute(Tuple.tuple().addValue(orderId).addValue(venueId).addValue("restaumatic")
                            .addValue(OrderPlacedMapper.externalOrderId(orderId)).addValue(mapper.map(order, venue).toString()))
                            .replaceWith(true);
                });
    }

    /** A forward the POS has not had yet leaves the queue: the till never books a sale that was refunded. */
    private Uni<Void> withdraw(EventEnvelope event, SqlConnection tx) {
        JsonNode order = event.data().path("order");
        String orderId = order.path("id").asText(event.aggregateId());
        String reason = "order " + order.path("status").asText(event.type()) + " before the POS had it";
        return tx.preparedQuery(WITHDRAW).execute(Tuple.of(orderId, reason)).invoke(rows -> {
            if (rows.rowCount() > 0) {
                Log.infof("Forward of order %s withdrawn: %s", orderId, reason);
            }
        }).replaceWithVoid();
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            return json.createObjectNode();
        }
    }
}
