package io.rotender.order.orders;

import io.rotender.order.config.OrderConfig;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Confirmation codes: 4 digits from {@link SecureRandom}, stored only as an HMAC-SHA256 keyed with a
 * server secret and bound to the unit (so a leaked table does not give the codes away, and equal codes
 * on two units do not collide), compared in constant time.
 */
@ApplicationScoped
public class Codes {

    private final SecureRandom random = new SecureRandom();
    private final byte[] key;

    public Codes(OrderConfig config) {
        if (config.codeSecret().length() < 32) {
            throw new IllegalArgumentException("rotender.orders.code-secret must be at least 32 characters");
        }
        this.key = config.codeSecret().getBytes(StandardCharsets.UTF_8);
    }

    public String newCode() {
        return String.format("%04d", random.nextInt(10_000));
    }

    public String hash(String unitId, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((unitId + ":" + code).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean matches(String unitId, String code, String storedHash) {
        return storedHash != null && MessageDigest.isEqual(hash(unitId, code).getBytes(StandardCharsets.UTF_8),
                storedHash.getBytes(StandardCharsets.UTF_8));
    }
}
