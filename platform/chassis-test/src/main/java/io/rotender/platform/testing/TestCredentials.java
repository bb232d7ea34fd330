package io.rotender.platform.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Credentials every service's tests run with; {@link PlatformTestResource} configures their hashes. */
public final class TestCredentials {

    /** The admin token accepted in tests (only its SHA-256 is configured). */
    public static final String ADMIN_TOKEN = "test-admin-token";

    private TestCredentials() {
    }

    public static String adminBearer() {
        return "Bearer " + ADMIN_TOKEN;
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
