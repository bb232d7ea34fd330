package io.rotender.platform.security;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A partner key as the partner sends it: {@code rtk_<keyId>.<secret>}. The key id finds the stored hash;
 * the secret is checked against it in constant time.
 */
public record PartnerKey(String keyId, String secret) {

    private static final Pattern FORMAT = Pattern.compile("rtk_([A-Za-z0-9_-]{8,64})\\.([A-Za-z0-9_-]{20,128})");

    public static Optional<PartnerKey> parse(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(presented.strip());
        return m.matches() ? Optional.of(new PartnerKey(m.group(1), m.group(2))) : Optional.empty();
    }

    /** Issues a new key: the clear text (shown once) and what is stored. */
    public static PartnerKey issue() {
        return new PartnerKey(Secrets.random(9).replace('-', 'x').replace('_', 'y'), Secrets.random(32));
    }

    public String asText() {
        return "rtk_" + keyId + "." + secret;
    }

    public String secretHash() {
        return Secrets.sha256Hex(secret);
    }
}
