package io.rotender.menu.partners;

import io.quarkus.test.junit.QuarkusTest;
import io.rotender.platform.testing.KafkaTestClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.rotender.menu.Fixtures.admin;
import static io.rotender.menu.Fixtures.newId;
import static io.rotender.menu.Fixtures.venueWithTwoDrinks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;

@QuarkusTest
class PartnerAdminTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void issuedKeyWorksUntilRevokedAndOnlyItsHashIsPublished() {
        String venue = venueWithTwoDrinks();
        String partner = newId("partner");
        admin().body(Map.of("name", "Event app", "venues", List.of(venue)))
                .put("/admin/partners/{p}", partner).then().statusCode(201);
        Map<String, String> issued = admin().post("/admin/partners/{p}/keys", partner)
                .then().statusCode(201).extract().as(Map.class);
        String key = issued.get("key");
        String keyId = issued.get("keyId");

        given().header("Authorization", "Bearer " + key).get("/venues/{v}", venue).then().statusCode(200);
        admin().get("/admin/partners/{p}", partner).then().statusCode(200).body("keyIds", contains(keyId));

        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            List<ConsumerRecord<String, String>> records = kafka.readUntil("rotender.partners.access",
                    all -> all.stream().anyMatch(r -> partner.equals(r.key()) && r.value().contains(keyId)), Duration.ofSeconds(30));
            ConsumerRecord<String, String> event = records.stream()
                    .filter(r -> partner.equals(r.key()) && r.value().contains(keyId)).findFirst().orElseThrow();
            assertThat(event.value()).contains("secretHash").doesNotContain(key.substring(key.indexOf('.') + 1));
        }

        admin().delete("/admin/partners/{p}/keys/{k}", partner, keyId).then().statusCode(204);
        given().header("Authorization", "Bearer " + key).get("/venues/{v}", venue).then().statusCode(401);
    }

    @Test
    void keyForUnknownPartnerIs404() {
        admin().post("/admin/partners/{p}/keys", "nobody-here").then().statusCode(404);
    }
}
