package io.rotender.menu.menu;

import io.quarkus.runtime.StartupEvent;
import io.rotender.platform.notify.PgNotifications;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Each venue's full menu, kept in memory between changes: the hot partner read ({@code GET /venues/{id}})
 * then costs no database round trip. Every write to what a menu shows notifies
 * {@code rotender_menu_changed} with the venue id on commit (triggers of migration V2), and every replica
 * drops that venue's entry; a version per venue keeps a load that raced with a change from storing the old
 * menu. Entries also expire after {@code rotender.menu.cache-ttl}, which bounds staleness should a
 * notification be missed while the listening connection reconnects.
 */
@ApplicationScoped
public class MenuCache {

    static final String CHANNEL = "rotender_menu_changed";

    private record Entry(MenuViews.Menu menu, long loadedAt, byte[][] json) {
        Entry(MenuViews.Menu menu, long loadedAt) {
            this(menu, loadedAt, new byte[2][]);
        }
    }

    private final PgNotifications notifications;
    private final long ttlNanos;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();

    public MenuCache(PgNotifications notifications,
                     @ConfigProperty(name = "rotender.menu.cache-ttl", defaultValue = "5s") Duration ttl) {
        this.notifications = notifications;
        this.ttlNanos = ttl.toNanos();
    }

    void start(@Observes StartupEvent event) {
        notifications.listen(CHANNEL, this::invalidate);
    }

    /** Drops the venue's menu; the writer of a change calls it too, not to wait for its own notification. */
    public void invalidate(String venueId) {
        version(venueId).incrementAndGet();
        entries.remove(venueId);
    }

    /**
     * The venue's menu as JSON bytes ({@code view} 0: available drinks, 1: all), written once per entry by
     * {@code write}, so a read between changes costs neither a query nor a serialization.
     */
    Uni<byte[]> json(String venueId, int view, Supplier<Uni<MenuViews.Menu>> load, java.util.function.Function<MenuViews.Menu, byte[]> write) {
        return menu(venueId, load).map(menu -> {
            if (menu == null) {
                return null;
            }
            Entry entry = entries.get(venueId);
            if (entry != null && entry.menu() == menu) {
                byte[] cached = entry.json()[view];
                if (cached == null) {
                    cached = write.apply(menu);
                    entry.json()[view] = cached;
                }
                return cached;
            }
            return write.apply(menu);
        });
    }

    /** The venue's menu from memory, or from {@code load} (null for an unknown venue, never kept). */
    Uni<MenuViews.Menu> menu(String venueId, Supplier<Uni<MenuViews.Menu>> load) {
        long now = System.nanoTime();
        Entry entry = entries.get(venueId);
        if (entry != null && now - entry.loadedAt() < ttlNanos) {
            return Uni.createFrom().item(entry.menu());
        }
        long version = version(venueId).get();
        return load.get().invoke(menu -> {
            if (menu != null && version(venueId).get() == version) {
                entries.put(venueId, new Entry(menu, now));
            }
        });
    }

    private AtomicLong version(String venueId) {
        return versions.computeIfAbsent(venueId, v -> new AtomicLong());
    }
}
