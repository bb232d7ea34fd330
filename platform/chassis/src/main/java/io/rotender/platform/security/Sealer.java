package io.rotender.platform.security;

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
 * Encrypts secrets a service must keep in clear to use them (a POS's API token, a webhook signing secret):
 * AES-256-GCM, a random nonce per value, and the row and field the value belongs to as associated data, so a
 * value opens only in the row it was written for. A sealed value reads {@code <keyId>:<base64>}: the key it was
 * sealed with is named, so keys can be rotated (every write seals with the current key; older keys are kept to
 * read older values). A service builds one from its own settings ({@code current key}, its id, the older keys as
 * {@code id:base64,...}); the setting names only appear in the messages.
 */
public final class Sealer {

    private static final int NONCE = 12;

    private final String setting;
    private final String currentId;
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param setting   the setting of the current key, for messages ({@code rotender.connectors.secret-key})
     * @param base64Key the current key, 32 bytes in base64
     * @param keyId     its id (1 to 16 of A-Z, a-z, 0-9, '_', '-')
     * @param oldKeys   keys still needed to read older values: {@code id:base64[,id:base64...]}
     */
    public Sealer(String setting, String base64Key, String keyId, Optional<String> oldKeys) {
        if (!keyId.matches("[A-Za-z0-9_-]{1,16}")) {
            throw new IllegalArgumentException(setting + "-id must be 1 to 16 of A-Z, a-z, 0-9, '_', '-'");
        }
        this.setting = setting;
        this.currentId = keyId;
        keys.put(keyId, key(setting, base64Key));
        for (String entry : oldKeys.orElse("").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException(oldKeysSetting() + " must read id:base64[,id:base64...]");
            }
            keys.putIfAbsent(entry.substring(0, colon).strip(), key(oldKeysSetting(), entry.substring(colon + 1).strip()));
        }
    }

    private String oldKeysSetting() {
        return setting.replaceFirst("secret-key$", "old-secret-keys");
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

    /** {@code clear} sealed with the current key, bound to {@code context} (the table, row and field it is kept in). */
    public String seal(String context, String clear) {
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            return currentId + ":" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot encrypt a secret", e);
        }
    }

    /** The clear value sealed for {@code context}; fails for a value sealed for another context or with an unknown key. */
    public String open(String context, String sealed) {
        int colon = sealed.indexOf(':');
        if (colon < 1) {
            throw new IllegalStateException("The secret of " + context + " names no key (sealed before keys had ids)");
        }
        SecretKeySpec key = keys.get(sealed.substring(0, colon));
        if (key == null) {
            throw new IllegalStateException("The secret of " + context + " was sealed with key '" + sealed.substring(0, colon)
                    + "', which is neither the current key nor one of " + oldKeysSetting());
        }
        return decrypt(key, sealed.substring(colon + 1), context.getBytes(StandardCharsets.UTF_8), context);
    }

    /** Whether {@code sealed} needs sealing again: an older key, or a value from before keys had ids. */
    public boolean isStale(String sealed) {
        return !sealed.startsWith(currentId + ":");
    }

    /** A value sealed with the current key without key id or context (values written before both existed). */
    public String openUnbound(String context, String sealed) {
        return decrypt(keys.get(currentId), sealed, null, context);
    }

    private static String decrypt(SecretKeySpec key, String base64, byte[] aad, String context) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, NONCE));
            if (aad != null) {
                cipher.updateAAD(aad);
            }
            return new String(cipher.doFinal(bytes, NONCE, bytes.length - NONCE), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot decrypt the secret of " + context + " (sealed for another row, or with another key)", e);
        }
    }
}
