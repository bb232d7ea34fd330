package io.rotender.contracts.partners;

import io.rotender.contracts.MessageType;
import io.rotender.contracts.Require;
import io.rotender.contracts.Topics;

import java.util.List;

/** What menu-service publishes about partners on {@code rotender.partners.access} (compacted, key the partner id). */
public final class PartnerEvents {

    public static final MessageType<PartnerAccessChanged> PARTNER_ACCESS_CHANGED =
            MessageType.of(Topics.PARTNERS_ACCESS, "PartnerAccessChanged", PartnerAccessChanged.class);

    private PartnerEvents() {
    }

    /** A live key of a partner: its id and the hash of its secret (never the secret). */
    public record Key(String keyId, String secretHash) {
    }

    /** Full state of a partner's access: the venues it may use and its live keys; {@code removed} drops the partner. */
    public record PartnerAccessChanged(String partnerId, String name, List<String> venues, List<Key> keys, boolean removed) {
        public PartnerAccessChanged {
            Require.text(partnerId, "partnerId");
            if (venues == null && !removed) {
                throw new IllegalArgumentException("venues is required");
            }
            venues = venues == null ? List.of() : List.copyOf(venues);
            keys = keys == null ? List.of() : List.copyOf(keys);
        }
    }
}
