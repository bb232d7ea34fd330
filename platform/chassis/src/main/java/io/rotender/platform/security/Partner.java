package io.rotender.platform.security;

import java.util.Set;

/** An authenticated partner and the venues its keys may act on. */
public record Partner(String id, String name, Set<String> venues) {

    public boolean mayUse(String venueId) {
        return venues.contains(venueId);
    }
}
