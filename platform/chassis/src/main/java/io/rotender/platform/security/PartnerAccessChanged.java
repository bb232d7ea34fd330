package io.rotender.platform.security;

import java.util.List;

/**
 * Full state of a partner's access, as published on {@code rotender.partners.access} (compacted, key
 * partnerId): the venues it may use and the hashes of its live keys. {@code removed} drops the partner.
 */
public record PartnerAccessChanged(String partnerId, String name, List<String> venues, List<Key> keys, boolean removed) {

    public static final String TYPE = "PartnerAccessChanged";
    public static final String TOPIC = "rotender.partners.access";

    public record Key(String keyId, String secretHash) {
    }
}
