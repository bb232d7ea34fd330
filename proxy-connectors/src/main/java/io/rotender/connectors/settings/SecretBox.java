package io.rotender.connectors.settings;

import io.rotender.platform.security.Sealer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Encrypts the POS credentials this service must send in clear, with the chassis' {@link Sealer} (AES-256-GCM,
 * bound to the venue's row and field, the key named in the value). The current key is
 * {@code ROTENDER_CONNECTORS_SECRET_KEY} (32 bytes, base64) with id {@code ROTENDER_CONNECTORS_SECRET_KEY_ID}
 * (default {@code k1}); keys still needed to read older rows are listed in
 * {@code ROTENDER_CONNECTORS_OLD_SECRET_KEYS} ({@code id:base64,...}). Every write seals with the current key,
 * and {@link SecretResealer} re-seals older rows at start-up.
 */
@ApplicationScoped
public class SecretBox {

    private final Sealer sealer;

    public SecretBox(@ConfigProperty(name = "rotender.connectors.secret-key") String base64Key,
                     @ConfigProperty(name = "rotender.connectors.secret-key-id", defaultValue = "k1") String keyId,
                     @ConfigProperty(name = "rotender.connectors.old-secret-keys") Optional<String> oldKeys) {
        this.sealer = new Sealer("rotender.connectors.secret-key", base64Key, keyId, oldKeys);
    }

    /** {@code clear} sealed with the current key for {@code field} of {@code venueId}'s row. */
    public String seal(String venueId, String field, String clear) {
        return sealer.seal(context(venueId, field), clear);
    }

    /** The clear value of {@code field} of {@code venueId}'s row; fails for a value sealed for another row or key. */
    public String open(String venueId, String field, String sealed) {
        return sealer.open(context(venueId, field), sealed);
    }

    /** Whether {@code sealed} needs sealing again: an older key, or a value from before keys had ids. */
    public boolean isStale(String sealed) {
        return sealer.isStale(sealed);
    }

    /**
     * A value sealed before values were bound to their row (no key id, no associated data), with the current
     * key: only for re-sealing such rows once.
     */
    String openUnbound(String venueId, String sealed) {
        return sealer.openUnbound("venue " + venueId, sealed);
    }

    private static String context(String venueId, String field) {
        return "rotender/pos_settings/" + venueId + "/" + field;
    }
}
