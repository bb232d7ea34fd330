package io.rotender.menu.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rotender.contracts.MessageType;
import io.rotender.contracts.orders.OrderEvents.OrderChanged;
import io.rotender.platform.consumer.EventRouter;
import io.rotender.platform.consumer.EventRouters;
import io.rotender.platform.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;
import java.util.List;

/**
 * Turns events into webhook messages, durably: reads {@code rotender.orders.events} (the order changes partners can
 * see, {@link WebhookTypes}) through the chassis' event router, so each event is taken once, in the transaction that
 * stores its message and a delivery to each endpoint of the order's partner that wants it; the drink availability
 * changes come from the menu's availability consumer ({@link #drinkAvailability}). A message is
 * {@code {id, type, timestamp, data}}: {@code id} is the {@code webhook-id} ({@code msg_<event id>}), {@code data} the
 * representation the partner API's GET answers (an order as {@code GET /venues/{venueId}/orders/{orderId}}, never its
 * code; a drink as {@code GET /venues/{venueId}/drinks/{drinkId}}, with the venue's id).
 */
@ApplicationScoped
public class WebhookFeed {

    private final EventRouter router;
    private final WebhookDeliveries deliveries;
    private final WebhookSender sender;
    private final ObjectMapper mapper;

    private final WebhookSubscriptions subscriptions;

    public WebhookFeed(EventRouters routers, WebhookDeliveries deliveries, WebhookSender sender, WebhookSubscriptions subscriptions,
                       ObjectMapper mapper) {
        this.deliveries = deliveries;
        this.sender = sender;
        this.subscriptions = subscriptions;
        this.mapper = mapper;
        EventRouter.Builder builder = routers.named("menu-service.webhooks");
        for (MessageType<OrderChanged> type : WebhookTypes.orderEvents()) {
            builder.on(type, this::orderChanged);
        }
        // the events of partners without an endpoint are acknowledged unread, by their ce_partnerid header (records
        // written before that header existed are read, then passed over without a transaction)
        this.router = builder.onlyForPartners(subscriptions::mayWant)
                .onlyIf(event -> subscriptions.mayWant(event.data() == null ? null : event.data().path("partnerId").asText(null)))
                .afterCommit(sender::wake).build();
    }

    /**
     * A polled batch at a time: most of the topic is for partners without an endpoint, and a batch spares each of those
     * records the per-message work of the messaging layer (one acknowledgement for the batch).
     */
    @Incoming("orders-events")
    public Uni<Void> onOrderEvents(KafkaRecordBatch<String, String> batch) {
        return router.route(batch);
    }

    /**
     * Stores the message when the partner has an endpoint that wants its type (a disabled one too, so that a replay
     * after re-enabling finds it) and queues a delivery to each enabled one.
     */
    private Uni<Void> orderChanged(SqlConnection tx, OrderChanged changed, EventEnvelope event) {
        String type = WebhookTypes.ofChange(changed.change());
        return deliveries.subscribers(tx, changed.partnerId(), type).chain(subscribers -> subscribers.isEmpty()
                ? Uni.createFrom().voidItem()
                : deliveries.enqueue(tx, messageId(event), changed.partnerId(), type, changed.orderId(), event.time(),
                        body(messageId(event), type, event.time(), changed.order()),
                        subscribers.stream().filter(WebhookDeliveries.Subscriber::enabled).map(WebhookDeliveries.Subscriber::endpointId).toList()));
    }

    /**
     * Queues {@code menu.drink_availability_changed} for every partner allowed at the venue with an endpoint that wants
     * it, on the caller's transaction (the availability consumer's, after it stored the change).
     */
    public Uni<Void> drinkAvailability(SqlConnection tx, EventEnvelope event, String venueId, String drinkId, JsonNode drink) {
        String type = WebhookTypes.DRINK_AVAILABILITY_CHANGED;
        if (!subscriptions.anyone()) {
            return Uni.createFrom().voidItem();
        }
        return deliveries.venueSubscribers(tx, venueId, type).chain(subscribers -> {
            Uni<Void> queued = Uni.createFrom().voidItem();
            for (String partnerId : subscribers.stream().map(WebhookDeliveries.Subscriber::partnerId).distinct().toList()) {
                List<String> endpoints = subscribers.stream().filter(s -> s.partnerId().equals(partnerId) && s.enabled())
                        .map(WebhookDeliveries.Subscriber::endpointId).toList();
                // one message per partner: the id says whose it is, so each partner's deliveries and replays stay its own
                String id = "msg_" + java.util.UUID.nameUUIDFromBytes((event.eventId() + "/" + partnerId)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString().replace("-", "");
                ObjectNode data = mapper.createObjectNode().put("venue_id", venueId);
                data.setAll((ObjectNode) drink);
                queued = queued.chain(() -> deliveries.enqueue(tx, id, partnerId, type, venueId + "/" + drinkId, event.time(),
                        body(id, type, event.time(), data), endpoints));
            }
            return queued;
        });
    }

    /** Whether any partner may have an endpoint (else the availability consumer builds no drink view for webhooks). */
    public boolean anyone() {
        return subscriptions.anyone();
    }

    /** Sends what was queued (after the commit of a transaction that queued messages). */
    public void wake() {
        sender.wake();
    }

    private static String messageId(EventEnvelope event) {
        return "msg_" + event.eventId().toString().replace("-", "");
    }

    private String body(String id, String type, Instant time, JsonNode data) {
        ObjectNode body = mapper.createObjectNode();
        body.put("id", id);
        body.put("type", type);
        body.put("timestamp", time.toString());
        body.set("data", data);
        return body.toString();
    }
}
