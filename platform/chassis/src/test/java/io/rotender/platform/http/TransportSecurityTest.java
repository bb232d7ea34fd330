package io.rotender.platform.http;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rotender.platform.testing.TestCredentials;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/** HTTPS from a mounted PEM certificate, HSTS only where served over TLS, and the start-up guard. */
@QuarkusTest
class TransportSecurityTest {

    @TestHTTPResource(value = "/admin/ping", tls = true)
    URL https;

    @Test
    void servesHttpsWithHstsAndPlainHttpWithout() {
        assertThat(https.getProtocol()).isEqualTo("https");
        given().relaxedHTTPSValidation().header("Authorization", TestCredentials.adminBearer()).get(https.toString())
                .then().statusCode(200)
                .header("Strict-Transport-Security", is(TransportSecurity.HSTS))
                .header("X-Content-Type-Options", is("nosniff"))
                .header("Cache-Control", is("no-store"));
        given().header("Authorization", TestCredentials.adminBearer()).get("/admin/ping")
                .then().statusCode(200)
                .header("Strict-Transport-Security", nullValue())
                .header("X-Content-Type-Options", is("nosniff"));
        // problems too carry the headers, over TLS with HSTS
        given().relaxedHTTPSValidation().get(https.toString()).then().statusCode(401)
                .header("Strict-Transport-Security", is(TransportSecurity.HSTS));
    }

    @Test
    void startUpRefusesHalfOrMissingTlsSettings() {
        String cert = "src/test/resources/tls/test-only-cert.pem";
        String key = "src/test/resources/tls/test-only-key.pem";
        assertThat(new TlsSettings(Optional.of(cert), Optional.of(key), "disabled").problem()).isNull();
        assertThat(new TlsSettings(Optional.empty(), Optional.empty(), "enabled").problem()).isNull();
        assertThat(new TlsSettings(Optional.empty(), Optional.empty(), "disabled").problem())
                .contains("ROTENDER_TLS_CERT_FILE").contains("ROTENDER_HTTP_PLAIN=enabled");
        assertThat(new TlsSettings(Optional.of(cert), Optional.empty(), "enabled").problem())
                .contains("ROTENDER_TLS_KEY_FILE");
        assertThat(new TlsSettings(Optional.of("/nowhere/cert.pem"), Optional.of(key), "enabled").problem())
                .contains("/nowhere/cert.pem");
    }
}
