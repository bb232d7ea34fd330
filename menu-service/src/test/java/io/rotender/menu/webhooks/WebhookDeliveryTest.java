package io.rotender.menu.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.rotender.menu.Fixtures;
import io.rotender.platform.events.EventEnvelope;
import io.rotender.platform.testing.KafkaTestClient;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.rotender.menu.Fixtures.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Webhooks from the real topics to real HTTP receivers, through PostgreSQL: what a partner's receiver sees. */
@QuarkusTest
class WebhookDeliveryTest {

    @Inject
    ObjectMapper mapper;
    @RegisterExtension
    final KafkaTestClient kafka = KafkaTestClient.perTest();

    private final List<WebhookReceiver> receivers = new ArrayList<>();

    /** A partner at a venue with two drinks: its id and key. */
    record PartnerAt(String id, String key, String venue) {
    }

    private PartnerAt partner() {
        String venue = Fixtures.venueWithTwoDrinks();
        String partner = Fixtures.newId("partner");
        admin().body(Map.of("name", "App " + partner, "venues", List.of(venue))).put("/admin/partners/{p}", partner).then().statusCode(201);
        String key = admin().post("/admin/partners/{p}/keys", partner).then().statusCode(201).extract().path("key");
        return new PartnerAt(partner, key, venue);
    }

    private WebhookReceiver receiver() throws Exception {
        WebhookReceiver receiver = new WebhookReceiver();
        receivers.add(receiver);
        return receiver;
    }

    @BeforeEach
    void clean() {
        receivers.clear();
    }

    @AfterEach
    void close() {
        receivers.forEach(WebhookReceiver::close);
    }

    /** Adds an endpoint; answers {id, secret}. */
    private JsonPath endpoint(String partner, String url, List<String> events) {
        return admin().body(events == null ? Map.of("url", url) : Map.of("url", url, "events", events))
                .post("/admin/partners/{p}/webhooks", partner).then().statusCode(201).extract().jsonPath();
    }

    private EventEnvelope orderChange(String partner, String venue, String orderId, String change, String status) {
        Map<String, Object> order = Map.of("id", orderId, "order_id", orderId, "venue_id", venue, "status", status, "number", 7,
                "items", List.of(Map.of("drink_id", "vodka-soda", "name", "Vodka Soda", "quantity", 1)));
        return EventEnvelope.of("Order" + change, "order-service", orderId, Map.of("change", change, "partnerId", partner, "order", order),
                mapper);
    }

    private void publish(EventEnvelope event) throws Exception {
        kafka.send("rotender.orders.events", event.aggregateId(), mapper.writeValueAsString(event), Map.of("ce_type", event.type(),
                "ce_id", event.eventId().toString()));
    }

    private static void verified(String secret, WebhookReceiver.Received r) throws Exception {
        new Webhook(secret).verify(r.body(), r.headers());
    }

    private JsonNode json(String body) throws Exception {
        return mapper.readTree(body);
    }

    @Test
    void everyEventTypeIsDeliveredOncePerEndpointSignedAsTheStandardSays() throws Exception {
        PartnerAt p = partner();
        WebhookReceiver all = receiver();
        WebhookReceiver poured = receiver();
        JsonPath allEndpoint = endpoint(p.id(), all.url(), null);
        JsonPath pouredEndpoint = endpoint(p.id(), poured.url(), List.of("order.poured"));
        assertThat(allEndpoint.getString("secret")).startsWith("whsec_");

        String orderId = Fixtures.newId("ord");
        List<String> changes = List.of("Pending", "Held", "Paid", "Confirmed", "CodeLocked", "CodeReissued", "Ready", "Poured", "Failed",
                "Rejected", "Cancelled", "Expired", "PosStatusChanged");
        EventEnvelope pouredEvent = null;
        for (String change : changes) {
            EventEnvelope event = orderChange(p.id(), p.venue(), orderId, change, change.toLowerCase());
            publish(event);
            if (change.equals("Poured")) {
                pouredEvent = event;
                publish(event); // delivered twice by Kafka: one webhook all the same
            }
        }
        var availability = Map.of("venueId", p.venue(), "drinkId", "vodka-soda", "available", true, "pourable", 12, "stockLevel", "medium",
                "units", List.of("unit-1"));
        kafka.send("rotender.inventory.availability", p.venue() + "/vodka-soda", mapper.writeValueAsString(
                EventEnvelope.of("DrinkAvailabilityChanged", "inventory-service", p.venue() + "/vodka-soda", availability, mapper)));

        await().atMost(Duration.ofSeconds(30)).until(() -> all.received.size() >= 13 && poured.received.size() >= 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> all.received.size() == 13 && poured.received.size() == 1);

        List<String> types = new ArrayList<>();
        for (WebhookReceiver.Received r : all.received) {
            verified(allEndpoint.getString("secret"), r);
            JsonNode body = json(r.body());
            types.add(body.path("type").asText());
            assertThat(body.path("id").asText()).isEqualTo(r.header("webhook-id"));
            assertThat(r.body()).doesNotContain("\"code\"");
        }
        assertThat(types).containsExactlyInAnyOrderElementsOf(WebhookTypes.ALL);
        // one order's events in the order they happened
        assertThat(types.stream().filter(t -> t.startsWith("order.")).toList())
                .containsExactly("order.held", "order.paid", "order.confirmed", "order.code_locked", "order.code_reissued", "order.ready",
                        "order.poured", "order.failed", "order.rejected", "order.cancelled", "order.expired", "order.pos_status_changed");
        assertThat(new HashSet<>(all.received.stream().map(r -> r.header("webhook-id")).toList())).hasSize(13);

        WebhookReceiver.Received one = poured.received.get(0);
        verified(pouredEndpoint.getString("secret"), one);
        assertThat(json(one.body()).path("type").asText()).isEqualTo("order.poured");
        assertThat(json(one.body()).at("/data/id").asText()).isEqualTo(orderId);
        assertThat(one.header("webhook-id")).isEqualTo("msg_" + pouredEvent.eventId().toString().replace("-", ""))
                .isEqualTo(all.received.stream().filter(r -> r.body().contains("order.poured")).findFirst().orElseThrow().header("webhook-id"));

        JsonNode drink = all.received.stream().map(r -> {
            try {
                return json(r.body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(b -> b.path("type").asText().equals("menu.drink_availability_changed")).findFirst().orElseThrow();
        assertThat(drink.at("/data/venue_id").asText()).isEqualTo(p.venue());
        assertThat(drink.at("/data/id").asText()).isEqualTo("vodka-soda");
        assertThat(drink.at("/data/available").asBoolean()).isTrue();
        assertThat(drink.at("/data/ingredient_stock_level").asText()).isEqualTo("medium");
    }

    @Test
    void failuresAreRetriedWithTheSameIdUntilAcceptedAndA400IsNot() throws Exception {
        PartnerAt p = partner();
        WebhookReceiver flaky = receiver();
        flaky.script.addAll(List.of(503, -1500, 200)); // unavailable, then slower than the timeout (1 s in tests), then fine
        JsonPath flakyEndpoint = endpoint(p.id(), flaky.url(), null);
        PartnerAt q = partner();
        WebhookReceiver refusing = receiver();
        refusing.otherwise = 400;
        JsonPath refusingEndpoint = endpoint(q.id(), refusing.url(), null);

        publish(orderChange(p.id(), p.venue(), Fixtures.newId("ord"), "Poured", "poured"));
        publish(orderChange(q.id(), q.venue(), Fixtures.newId("ord"), "Poured", "poured"));

        await().atMost(Duration.ofSeconds(30)).until(() -> flaky.accepted().size() == 1);
        assertThat(flaky.received).hasSizeGreaterThanOrEqualTo(3);
        assertThat(flaky.received.stream().map(r -> r.header("webhook-id")).distinct()).hasSize(1);
        for (WebhookReceiver.Received r : flaky.received) {
            verified(flakyEndpoint.getString("secret"), r);
        }
        JsonPath log = admin().get("/admin/partners/{p}/webhooks/{e}/deliveries", p.id(), flakyEndpoint.getString("id"))
                .then().statusCode(200).extract().jsonPath();
        assertThat(log.getList("attempts.outcome", String.class)).first().isEqualTo("delivered");
        assertThat(log.getList("attempts.outcome", String.class)).contains("retry");
        assertThat(log.getList("attempts.http_status")).contains(503);

        await().atMost(Duration.ofSeconds(10)).until(() -> refusing.received.size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> refusing.received.size() == 1);
        JsonPath refused = given().header("Authorization", "Bearer " + q.key())
                .get("/partner/webhooks/{e}/deliveries", refusingEndpoint.getString("id")).then().statusCode(200).extract().jsonPath();
        assertThat(refused.getList("attempts.outcome", String.class)).containsExactly("failed");
        assertThat(refused.getString("attempts[0].error")).contains("400");
    }

    @Test
    void oneOrdersEventsArriveInOrderEvenWhenTheFirstIsRetried() throws Exception {
        PartnerAt p = partner();
        WebhookReceiver receiver = receiver();
        receiver.script.add(503);
        endpoint(p.id(), receiver.url(), null);
        String orderId = Fixtures.newId("ord");
        for (String change : List.of("Confirmed", "Ready", "Poured")) {
            publish(orderChange(p.id(), p.venue(), orderId, change, change.toLowerCase()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() == 3);
        List<String> arrived = new ArrayList<>();
        for (WebhookReceiver.Received r : receiver.received) {
            arrived.add(json(r.body()).path("type").asText() + "/" + r.answered());
        }
        assertThat(arrived).containsExactly("order.confirmed/503", "order.confirmed/200", "order.ready/200", "order.poured/200");
    }

    @Test
    void anEndpointFailingTooLongIsDisabledItsPartnerSeesWhyAndReEnablingDeliversWhatWaited() throws Exception {
        PartnerAt p = partner();
        WebhookReceiver down = receiver();
        down.otherwise = 503;
        String id = endpoint(p.id(), down.url(), null).getString("id");
        publish(orderChange(p.id(), p.venue(), Fixtures.newId("ord"), "Confirmed", "confirmed"));

        // disable-after is 4 s in tests
        await().atMost(Duration.ofSeconds(30)).until(() -> !given().header("Authorization", "Bearer " + p.key())
                .get("/partner/webhooks/{e}", id).then().statusCode(200).extract().<Boolean>path("enabled"));
        JsonPath seen = given().header("Authorization", "Bearer " + p.key()).get("/partner/webhooks/{e}", id).then().extract().jsonPath();
        assertThat(seen.getString("disabled_reason")).contains("without a success").contains("503");
        assertThat(seen.getString("disabled_at")).isNotNull();
        int triedWhileEnabled = down.received.size();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> down.received.size() == triedWhileEnabled);

        down.otherwise = 200;
        admin().body(Map.of("url", down.url(), "enabled", true)).put("/admin/partners/{p}/webhooks/{e}", p.id(), id)
                .then().statusCode(200).body("enabled", org.hamcrest.Matchers.is(true));
        admin().body(Map.of("from", "2020-01-01T00:00:00Z")).post("/admin/partners/{p}/webhooks/{e}/replay", p.id(), id)
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> !down.accepted().isEmpty());
    }

    @Test
    void aReplayDeliversTheSameMessageAgainWithTheSameId() throws Exception {
        PartnerAt p = partner();
        WebhookReceiver receiver = receiver();
        JsonPath endpoint = endpoint(p.id(), receiver.url(), null);
        publish(orderChange(p.id(), p.venue(), Fixtures.newId("ord"), "Poured", "poured"));
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted().size() == 1);
        String webhookId = receiver.received.get(0).header("webhook-id");

        admin().body(Map.of("message_id", webhookId)).post("/admin/partners/{p}/webhooks/{e}/replay", p.id(), endpoint.getString("id"))
                .then().statusCode(202).body("queued", org.hamcrest.Matchers.is(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted().size() == 2);
        assertThat(receiver.received.get(1).header("webhook-id")).isEqualTo(webhookId);
        assertThat(receiver.received.get(1).body()).isEqualTo(receiver.received.get(0).body());
        verified(endpoint.getString("secret"), receiver.received.get(1));
    }

    @Test
    void aSlowEndpointDoesNotHoldUpAnotherPartnersDeliveries() throws Exception {
        PartnerAt slowPartner = partner();
        WebhookReceiver slow = receiver();
        slow.delayMs = 900; // under the 1 s timeout: every delivery succeeds, slowly
        endpoint(slowPartner.id(), slow.url(), null);
        for (int i = 0; i < 16; i++) {
            publish(orderChange(slowPartner.id(), slowPartner.venue(), Fixtures.newId("ord"), "Confirmed", "confirmed"));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !slow.received.isEmpty());

        PartnerAt other = partner();
        WebhookReceiver quick = receiver();
        endpoint(other.id(), quick.url(), null);
        publish(orderChange(other.id(), other.venue(), Fixtures.newId("ord"), "Confirmed", "confirmed"));
        await().atMost(Duration.ofSeconds(20)).until(() -> quick.accepted().size() == 1);
        // at most 4 deliveries of 900 ms at a time to the slow one: 16 take at least 3.6 s; the other partner's did not wait
        assertThat(slow.received.size()).as("the slow endpoint's deliveries when the other partner's arrived").isLessThan(16);
        await().atMost(Duration.ofSeconds(30)).until(() -> slow.accepted().size() == 16);
    }

    @Test
    void theEventsOfAPartnerWithoutAnEndpointAreSkippedWithoutATransaction() throws Exception {
        PartnerAt nobody = partner();
        PartnerAt p = partner();
        WebhookReceiver receiver = receiver();
        endpoint(p.id(), receiver.url(), null);
        String orderId = Fixtures.newId("ord");
        EventEnvelope skipped = orderChange(nobody.id(), nobody.venue(), orderId, "Confirmed", "confirmed");
        EventEnvelope taken = orderChange(p.id(), p.venue(), orderId, "Ready", "ready"); // same key: after the first
        publish(skipped);
        publish(taken);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted().size() == 1);
        assertThat(io.rotender.platform.testing.TestDatabase.count(
                "SELECT count(*) FROM processed_event WHERE consumer = 'menu-service.webhooks' AND event_id = ?", skipped.eventId())).isZero();
        assertThat(io.rotender.platform.testing.TestDatabase.count(
                "SELECT count(*) FROM processed_event WHERE consumer = 'menu-service.webhooks' AND event_id = ?", taken.eventId())).isEqualTo(1);
        assertThat(io.rotender.platform.testing.TestDatabase.count("SELECT count(*) FROM webhook_message WHERE partner_id = ?", nobody.id()))
                .isZero();
    }

    @Test
    void aRotatedSecretSignsBesideTheOldOneDuringTheOverlap() throws Exception {
        PartnerAt p = partner();
        WebhookReceiver receiver = receiver();
        JsonPath endpoint = endpoint(p.id(), receiver.url(), null);
        JsonPath rotated = admin().body(Map.of("overlap_minutes", 60))
                .post("/admin/partners/{p}/webhooks/{e}/secret", p.id(), endpoint.getString("id")).then().statusCode(200).extract().jsonPath();
        assertThat(rotated.getString("secret")).startsWith("whsec_").isNotEqualTo(endpoint.getString("secret"));
        assertThat(rotated.getString("previous_secret_valid_until")).isNotNull();
        given().header("Authorization", "Bearer " + p.key()).get("/partner/webhooks").then().statusCode(200)
                .body("[0].secret", org.hamcrest.Matchers.nullValue());

        publish(orderChange(p.id(), p.venue(), Fixtures.newId("ord"), "Ready", "ready"));
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted().size() == 1);
        WebhookReceiver.Received r = receiver.received.get(0);
        verified(rotated.getString("secret"), r);
        verified(endpoint.getString("secret"), r);
        assertThat(r.header("webhook-signature").split(" ")).hasSize(2);
    }
}
