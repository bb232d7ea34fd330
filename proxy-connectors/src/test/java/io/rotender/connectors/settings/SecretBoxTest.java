package io.rotender.connectors.settings;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {

    private static final String K1 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private static final String K2 = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

    @Test
    void aValueOpensOnlyInTheRowItWasSealedFor() {
        SecretBox box = new SecretBox(K1, "k1", Optional.empty());
        String sealed = box.seal("venue-a", "restaumatic_api_token", "token-of-a");
        assertThat(sealed).startsWith("k1:");
        assertThat(box.open("venue-a", "restaumatic_api_token", sealed)).isEqualTo("token-of-a");
        // pasted into another venue's row, or read as another field: refused
        assertThatThrownBy(() -> box.open("venue-b", "restaumatic_api_token", sealed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> box.open("venue-a", "another_field", sealed)).isInstanceOf(IllegalStateException.class);
        assertThat(box.seal("venue-a", "restaumatic_api_token", "token-of-a")).isNotEqualTo(sealed);
    }

    @Test
    void aRotatedKeyStillOpensOlderValuesWhichAreThenStale() {
        String old = new SecretBox(K1, "k1", Optional.empty()).seal("venue-a", "restaumatic_api_token", "token");
        SecretBox rotated = new SecretBox(K2, "k2", Optional.of("k1:" + K1));
        assertThat(rotated.open("venue-a", "restaumatic_api_token", old)).isEqualTo("token");
        assertThat(rotated.isStale(old)).isTrue();
        String resealed = rotated.seal("venue-a", "restaumatic_api_token", "token");
        assertThat(resealed).startsWith("k2:");
        assertThat(rotated.isStale(resealed)).isFalse();
        // once the old key is dropped, only values sealed with the new one open
        SecretBox withoutOld = new SecretBox(K2, "k2", Optional.empty());
        assertThatThrownBy(() -> withoutOld.open("venue-a", "restaumatic_api_token", old))
                .hasMessageContaining("'k1'");
        assertThat(withoutOld.open("venue-a", "restaumatic_api_token", resealed)).isEqualTo("token");
    }

    @Test
    void aValueWithoutKeyIdIsNotOpenedAsABoundOne() {
        SecretBox box = new SecretBox(K1, "k1", Optional.empty());
        String unbound = box.seal("venue-a", "restaumatic_api_token", "token").substring(3);
        assertThatThrownBy(() -> box.open("venue-a", "restaumatic_api_token", unbound)).hasMessageContaining("names no key");
        assertThat(box.isStale(unbound)).isTrue();
    }

    @Test
    void malformedKeysStopStartUpNamingTheSetting() {
        assertThatThrownBy(() -> new SecretBox("c2hvcnQ=", "k1", Optional.empty())).hasMessageContaining("rotender.connectors.secret-key");
        assertThatThrownBy(() -> new SecretBox(K1, "k1", Optional.of("no-colon"))).hasMessageContaining("old-secret-keys");
        assertThatThrownBy(() -> new SecretBox(K1, "k:1", Optional.empty())).hasMessageContaining("secret-key-id");
    }
}
