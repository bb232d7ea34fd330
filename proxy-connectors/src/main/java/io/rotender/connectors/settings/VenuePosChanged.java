package io.rotender.connectors.settings;

/**
 * The POS a venue forwards its orders to, published in full on {@code rotender.connectors.pos} (compacted, key
 * the venue id) each time the venue's POS settings are saved. menu-service keeps it to refuse, when a drink is
 * priced, what that POS would refuse after the sale (Restaumatic: a free drink).
 *
 * @param venueId the venue
 * @param pos     {@code restaumatic} or {@code portos}
 */
public record VenuePosChanged(String venueId, String pos) {

    public static final String TOPIC = "rotender.connectors.pos";
    public static final String TYPE = "VenuePosChanged";
}
