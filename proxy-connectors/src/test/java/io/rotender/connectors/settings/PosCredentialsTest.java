package io.rotender.connectors.settings;

import io.quarkus.test.junit.QuarkusTest;
import io.rotender.platform.testing.TestCredentials;
import io.rotender.platform.testing.TestDatabase;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Stored POS credentials: bound to their venue, and sealed again with the current key. */
@QuarkusTest
class PosCredentialsTest {

    @Inject
    SecretBox box;
    @Inject
    SecretResealer resealer;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "rotender.connectors.secret-key")
    String key;

    private static String venue(String apiToken) {
        String venue = "sec-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", TestCredentials.adminBearer()).contentType("application/json")
                .body(Map.of("pos", "restaumatic", "restaumatic", Map.of("baseUrl", "http://127.0.0.1:9", "restaurantId", 1,
                        "apiToken", apiToken, "hookToken", "hook-token-" + venue)))
                .put("/admin/venues/{v}/pos", venue).then().statusCode(201);
        return venue;
    }

    private static String stored(String venue) {
        return (String) TestDatabase.query("SELECT restaumatic_api_token_enc FROM pos_settings WHERE venue_id = ?", venue)
                .get(0).get("restaumatic_api_token_enc");
    }

    @Test
    void aCredentialCopiedIntoAnotherVenuesRowDoesNotOpenThere() {
        String a = venue("token-of-a");
        String b = venue("token-of-b");
        assertThat(box.open(a, SecretResealer.FIELD, stored(a))).isEqualTo("token-of-a");
        TestDatabase.update("UPDATE pos_settings SET restaumatic_api_token_enc = ? WHERE venue_id = ?", stored(a), b);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> box.open(b, SecretResealer.FIELD, stored(b)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void credentialsSealedBeforeKeyIdsAreSealedAgainBoundToTheirVenue() throws Exception {
        String venue = venue("placeholder");
        // what the service stored before: base64(nonce | AES-GCM), no key id, no associated data
        byte[] nonce = new byte[12];
        new java.security.SecureRandom().nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(key), "AES"), new GCMParameterSpec(128, nonce));
        byte[] sealed = cipher.doFinal("legacy-token".getBytes(StandardCharsets.UTF_8));
        String legacy = Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
        TestDatabase.update("UPDATE pos_settings SET restaumatic_api_token_enc = ? WHERE venue_id = ?", legacy, venue);

        assertThat(resealer.resealAll().await().indefinitely()).isGreaterThanOrEqualTo(1);
        assertThat(stored(venue)).startsWith("k1:");
        assertThat(box.open(venue, SecretResealer.FIELD, stored(venue))).isEqualTo("legacy-token");
        assertThat(resealer.resealAll().await().indefinitely()).isZero();
    }
}
