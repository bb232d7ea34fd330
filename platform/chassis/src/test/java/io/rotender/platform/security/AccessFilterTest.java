package io.rotender.platform.security;

import io.quarkus.test.junit.QuarkusTest;
import io.rotender.platform.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class AccessFilterTest {

    private static final PartnerKey KEY = PartnerKey.issue();
    private static final PartnerKey OTHER = PartnerKey.issue();

    @BeforeAll
    static void partner() {
        TestDatabase.update("DELETE FROM partner_access WHERE partner_id = 'acme'");
        TestDatabase.update("INSERT INTO partner_access (partner_id, name, venues) VALUES ('acme', 'Acme', ARRAY['bar-1','bar-2'])");
        TestDatabase.update("INSERT INTO partner_key (key_id, partner_id, secret_hash) VALUES (?, 'acme', ?)",
                KEY.keyId(), KEY.secretHash());
    }

    @Test
    void partnerKeyScopedToTheVenueIsLetThrough() {
        given().header("Authorization", "Bearer " + KEY.asText()).get("/venues/bar-2/whoami")
                .then().statusCode(200).body("partner", is("acme"));
    }

    @Test
    void missingMalformedOrUnknownKeyIs401() {
        given().get("/venues/bar-1/whoami").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", is("Bearer realm=\"rotender\""));
        given().header("Authorization", "Bearer nonsense").get("/venues/bar-1/whoami").then().statusCode(401);
        given().header("Authorization", "Bearer " + OTHER.asText()).get("/venues/bar-1/whoami").then().statusCode(401);
        given().header("Authorization", "Bearer rtk_" + KEY.keyId() + "." + OTHER.secret())
                .get("/venues/bar-1/whoami").then().statusCode(401);
    }

    @Test
    void anotherVenueIs403() {
        given().header("Authorization", "Bearer " + KEY.asText()).get("/venues/bar-9/whoami")
                .then().statusCode(403).contentType("application/problem+json").body("status", is(403));
    }

    @Test
    void adminPathsNeedTheAdminTokenNotAPartnerKey() {
        given().header("Authorization", "Bearer test-admin-token").get("/admin/ping").then().statusCode(200);
        given().get("/admin/ping").then().statusCode(401);
        given().header("Authorization", "Bearer " + KEY.asText()).get("/admin/ping").then().statusCode(401);
        given().header("Authorization", "Bearer test-admin-token").get("/venues/bar-1/whoami").then().statusCode(401);
    }

    @Test
    void pathsThatCouldDisguiseAnotherPathAreRefusedBeforeAnyCredentialCheck() {
        for (String path : java.util.List.of("/admin;x=1/ping", "/admin/./ping", "/venues/bar-1/../../admin/ping",
                "//admin/ping", "/venues/bar-1%2Fwhoami", "/admin%2Fping")) {
            given().urlEncodingEnabled(false).header("Authorization", "Bearer " + KEY.asText()).get(path)
                    .then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                    .contentType("application/problem+json");
        }
        given().urlEncodingEnabled(false).header("Authorization", "Bearer " + KEY.asText()).get("/admin;x=1/ping")
                .then().statusCode(400).body("type", org.hamcrest.Matchers.containsString("malformed-path"));
    }
}
