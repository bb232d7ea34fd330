package io.rotender.menu.webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.rotender.menu.Fixtures;
import io.rotender.platform.testing.TestCredentials;
import io.rotender.platform.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.rotender.menu.Fixtures.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** The endpoints' admin and partner API: what is refused, and who sees what. */
@QuarkusTest
class WebhookEndpointsTest {

    private static String partner(String venue) {
        String partner = Fixtures.newId("partner");
        admin().body(Map.of("name", "App " + partner, "venues", List.of(venue))).put("/admin/partners/{p}", partner).then().statusCode(201);
        return partner;
    }

    @Test
    void urlsThatCouldReachInsideOrAreNotHttpsAreRefusedAndNothingIsStored() {
        String partner = partner(Fixtures.venueWithTwoDrinks());
        for (String url : List.of("http://10.1.2.3/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]:9/x",
                "http://0.0.0.0/", "http://192.168.1.1/", "http://no-such-host.invalid/")) {
            admin().body(Map.of("url", url)).post("/admin/partners/{p}/webhooks", partner).then().statusCode(422)
                    .contentType("application/problem+json").body("type", containsString("webhook-url-refused"));
        }
        for (String url : List.of("ftp://hooks.example/", "https://user:pw@hooks.example/", "not a url", "https://hooks.example/#f")) {
            admin().body(Map.of("url", url)).post("/admin/partners/{p}/webhooks", partner).then().statusCode(400)
                    .contentType("application/problem+json");
        }
        admin().body(Map.of("url", "http://127.0.0.1:9/hook", "events", List.of("order.teleported")))
                .post("/admin/partners/{p}/webhooks", partner).then().statusCode(400).body("detail", containsString("events[0]"));
        admin().body(Map.of("url", "http://127.0.0.1:9/hook", "surprise", true)).post("/admin/partners/{p}/webhooks", partner)
                .then().statusCode(400);
        assertThat(TestDatabase.count("SELECT count(*) FROM webhook_endpoint WHERE partner_id = ?", partner)).isZero();
        admin().body(Map.of("url", "http://127.0.0.1:9/hook")).post("/admin/partners/{p}/webhooks", "no-such-partner").then().statusCode(404);
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        String venue = Fixtures.venueWithTwoDrinks();
        String partner = partner(venue);
        try (WebhookReceiver redirecting = new WebhookReceiver(); WebhookReceiver elsewhere = new WebhookReceiver()) {
            redirecting.otherwise = 302;
            redirecting.redirectTo = elsewhere.url();
            String id = admin().body(Map.of("url", redirecting.url())).post("/admin/partners/{p}/webhooks", partner).then().statusCode(201)
                    .extract().path("id");
            admin().body(Map.of("message_id", "msg_00000000000000000000000000000000"))
                    .post("/admin/partners/{p}/webhooks/{e}/replay", partner, id).then().statusCode(202).body("queued", is(0));
            TestDatabase.update("INSERT INTO webhook_message (id, partner_id, type, subject, body, occurred_at) VALUES (?, ?, 'order.ready', 'o1', '{}', now())",
                    "msg_11111111111111111111111111111111", partner);
            admin().body(Map.of("message_id", "msg_11111111111111111111111111111111"))
                    .post("/admin/partners/{p}/webhooks/{e}/replay", partner, id).then().statusCode(202).body("queued", is(1));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> !redirecting.received.isEmpty()
                    && TestDatabase.count("SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ? AND state = 'failed'", id) == 1);
            assertThat(elsewhere.received).isEmpty();
            assertThat(redirecting.received).hasSize(1);
            given().header("Authorization", TestCredentials.adminBearer()).get("/admin/partners/{p}/webhooks/{e}/deliveries", partner, id)
                    .then().statusCode(200).body("attempts[0].outcome", is("failed"))
                    .body("attempts[0].error", containsString("redirects are not followed"));
        }
    }

    @Test
    void aPartnerReadsItsOwnEndpointsOnlyAndNeverASecret() {
        String venue = Fixtures.venueWithTwoDrinks();
        String a = partner(venue);
        String b = partner(venue);
        String keyA = admin().post("/admin/partners/{p}/keys", a).then().statusCode(201).extract().path("key");
        String keyB = admin().post("/admin/partners/{p}/keys", b).then().statusCode(201).extract().path("key");
        String id = admin().body(Map.of("url", "http://127.0.0.1:9/hook", "events", List.of("order.poured"), "description", "till"))
                .post("/admin/partners/{p}/webhooks", a).then().statusCode(201).body("secret", containsString("whsec_")).extract().path("id");

        given().header("Authorization", "Bearer " + keyA).get("/partner/webhooks").then().statusCode(200)
                .body("size()", is(1)).body("[0].id", is(id)).body("[0].events", is(List.of("order.poured")))
                .body("[0].secret", org.hamcrest.Matchers.nullValue());
        given().header("Authorization", "Bearer " + keyB).get("/partner/webhooks").then().statusCode(200).body("size()", is(0));
        given().header("Authorization", "Bearer " + keyB).get("/partner/webhooks/{e}", id).then().statusCode(404);
        given().get("/partner/webhooks").then().statusCode(401);
        given().header("Authorization", "Bearer rtk_nobody.secret").get("/partner/webhooks").then().statusCode(401);
        admin().get("/admin/partners/{p}/webhooks/{e}", b, id).then().statusCode(404);
        assertThat(TestDatabase.query("SELECT secret_sealed FROM webhook_endpoint WHERE id = ?", id).get(0).get("secret_sealed").toString())
                .startsWith("k1:").doesNotContain("whsec_");

        admin().delete("/admin/partners/{p}/webhooks/{e}", a, id).then().statusCode(204);
        admin().delete("/admin/partners/{p}/webhooks/{e}", a, id).then().statusCode(404);
    }
}
