package io.rotender.contracts.connectors;

import io.rotender.contracts.MessageType;
import io.rotender.contracts.Require;
import io.rotender.contracts.Topics;

/** What proxy-connectors publishes about venues on {@code rotender.connectors.pos} (compacted, key the venue id). */
public final class ConnectorEvents {

    public static final MessageType<VenuePosChanged> VENUE_POS_CHANGED = MessageType.of(Topics.CONNECTORS_POS, "VenuePosChanged", VenuePosChanged.class);

    private ConnectorEvents() {
    }

    /**
     * The POS a venue forwards its orders to, in full, each time the venue's POS settings are saved.
     *
     * @param venueId the venue
     * @param pos     {@code restaumatic} or {@code portos}
     */
    public record VenuePosChanged(String venueId, String pos) {
        public VenuePosChanged {
            Require.text(venueId, "venueId");
            Require.text(pos, "pos");
        }
    }
}
