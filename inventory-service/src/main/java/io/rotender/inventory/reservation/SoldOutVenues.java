package io.rotender.inventory.reservation;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The venues where this replica turned an order away for want of stock a moment ago: where a burst of reservation
 * commands may hold more that no unit can serve. {@link BulkRejections} reads its batch's stock only for those, so that a
 * busy evening with stock to spare pays nothing for it; the first buyers a drink runs out for are rejected each in their
 * own transaction, the ones after them together.
 */
@ApplicationScoped
public class SoldOutVenues {

    /** How long after a rejection for want of stock a venue's commands are still planned together. */
    static final Duration RECENT = Duration.ofSeconds(30);

    private final Map<String, Long> lastRejection = new ConcurrentHashMap<>();

    /** An order at the venue was just rejected out of stock. */
    public void rejected(String venueId) {
        lastRejection.put(venueId, System.nanoTime());
    }

    /** Whether an order at the venue was rejected out of stock within the last {@link #RECENT}. */
    public boolean recently(String venueId) {
        Long last = lastRejection.get(venueId);
        if (last == null) {
            return false;
        }
        if (System.nanoTime() - last > RECENT.toNanos()) {
            lastRejection.remove(venueId, last);
            return false;
        }
        return true;
    }
}
