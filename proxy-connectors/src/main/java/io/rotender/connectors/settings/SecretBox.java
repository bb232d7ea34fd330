package io.rotender.connectors.settings;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Encrypts the POS credentials this service must send in clear: AES-256-GCM, a random nonce per value, and
 * the venue and field as associated data, so a value is readable only in the row it was written for (one
 * venue's ciphertext pasted into another's fails to open). A sealed value reads {@code <keyId>:<base64>}:
 * the key it was sealed with is named, so the key can be rotated. The current key is
 * {@code ROTENDER_CONNECTORS_SECRET_KEY} (32 bytes, base64) with id {@code ROTENDER_CONNECTORS_SECRET_KEY_ID}
 * (default {@code k1}); keys still needed to read older rows are listed in
 * {@code ROTENDER_CONNECTORS_OLD_SECRET_KEYS} ({@code id:base64,...}). Every write seals with the current key,
 * and {@link SecretResealer} re-seals older rows at start-up.
 */
@ApplicationScoped
public class SecretBox {

    private static final int NONCE = 12;

    private final String currentId;
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public SecretBox(@ConfigProperty(name = "rotender.connectors.secret-key") String base64Key,
                     @ConfigProperty(name = "rotender.connectors.secret-key-id", defaultValue = "k1") String keyId,
                     @ConfigProperty(name = "rotender.connectors.old-secret-keys") Optional<String> oldKeys) {
        if (!keyId.matches("[A-Za-z0-9_-]{1,16}")) {
            throw new IllegalArgumentException("rotender.connectors.secret-key-id must be 1 to 16 of A-Z, a-z, 0-9, '_', '-'");
        }
        this.currentId = keyId;
        keys.put(keyId, key("rotender.connectors.secret-key", base64Key));
        for (String entry : oldKeys.orElse("").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("rotender.connectors.old-secret-keys must read id:base64[,id:base64...]");
            }
            keys.putIfAbsent(entry.substring(0, colon).strip(), key("rotender.connectors.old-secret-keys", entry.substring(colon + 1).strip()));
        }
    }

    private static SecretKeySpec key(String setting, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " must be base64");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(setting + " must be 32 bytes, base64-encoded");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** {@code clear} sealed with the current key for {@code field} of {@code venueId}'s row. */
    public String seal(String venueId, String field, String clear) {
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(context(venueId, field));
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            return currentId + ":" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot encrypt a credential", e);
        }
    }

    /** The clear value of {@code field} of {@code venueId}'s row; fails for a value sealed for another row or key. */
    public String open(String venueId, String field, String sealed) {
        int colon = sealed.indexOf(':');
        if (colon < 1) {
            throw new IllegalStateException("Credential of venue " + venueId + " names no key (sealed before keys had ids: "
                    + "re-sealed at start-up, or set it again)");
        }
        SecretKeySpec key = keys.get(sealed.substring(0, colon));
        if (key == null) {
            throw new IllegalStateException("Credential of venue " + venueId + " was sealed with key '" + sealed.substring(0, colon)
                    + "', which is neither the current key nor one of rotender.connectors.old-secret-keys");
        }
        return decrypt(key, sealed.substring(colon + 1), context(venueId, field), venueId);
    }

    /** Whether {@code sealed} needs sealing again: an older key, or a value from before keys had ids. */
    public boolean isStale(String sealed) {
        return !sealed.startsWith(currentId + ":");
    }

    /**
     * A value sealed before values were bound to their row (no key id, no associated data), with the current
     * key: only for re-sealing such rows once.
     */
    String openUnbound(String venueId, String sealed) {
        return decrypt(keys.get(currentId), sealed, null, venueId);
    }

    private static String decrypt(SecretKeySpec key, String base64, byte[] aad, String venueId) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, NONCE));
            if (aad != null) {
                cipher.updateAAD(aad);
            }
            return new String(cipher.doFinal(bytes, NONCE, bytes.length - NONCE), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot decrypt the credential of venue " + venueId
                    + " (sealed for another row, or with another key)", e);
        }
    }

    private static byte[] context(String venueId, String field) {
        return ("rotender/pos_settings/" + venueId + "/" + field).getBytes(StandardCharsets.UTF_8);
    }
}
