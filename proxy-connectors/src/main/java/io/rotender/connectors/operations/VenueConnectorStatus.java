package io.rotender.connectors.operations;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rotender.connectors.restaumatic.RestaumaticClient;
import io.rotender.platform.scheduling.PeriodicTask;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connector's state per venue: last success and last error, forwards queued, dead letters, and the venue's
 * circuit to its POS (Restaumatic). One venue's POS being down shows here and in the metrics
 * ({@code rotender_connector_queue_depth}, {@code rotender_connector_dead_letters}, refreshed every 15 s, and
 * {@code rotender_connector_circuit_open}), never in the service's readiness: the other venues are still served.
 */
@ApplicationScoped
public class VenueConnectorStatus {

    private static final String STATUS = """
            SELECT s.venue_id, s.pos, c.last_success, c.last_error, c.last_error_at,
                   (SELECT count(*) FROM forwarded_order f WHERE f.venue_id = s.venue_id AND f.delivery = 'queued') AS queued,
                   (SELECT count(*) FROM forwarded_order f WHERE f.venue_id = s.venue_id AND f.delivery = 'dead') AS dead
            FROM pos_settings s LEFT JOIN connector_status c ON c.venue_id = s.venue_id
            WHERE ($1::text IS NULL OR s.venue_id = $1) ORDER BY s.venue_id""";

    private final Pool pool;
    private final Vertx vertx;
    private final RestaumaticClient restaumatic;
    private final MeterRegistry metrics;
    private final Map<String, AtomicLong> queued = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> dead = new ConcurrentHashMap<>();
    private PeriodicTask gauges;

    public VenueConnectorStatus(Pool pool, Vertx vertx, RestaumaticClient restaumatic, MeterRegistry metrics) {
        this.pool = pool;
        this.vertx = vertx;
        this.restaumatic = restaumatic;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        gauges = PeriodicTask.every(vertx, Duration.ofSeconds(15), "Connector gauges per venue", this::refreshGauges);
    }

    void stop(@Observes ShutdownEvent event) {
        if (gauges != null) {
            gauges.stop();
        }
    }

    /** Every venue with a POS (or the one named), by venue id. */
    public Uni<List<Map<String, Object>>> of(String venueId) {
        return pool.preparedQuery(STATUS).execute(Tuple.of(venueId)).map(rows -> {
            List<Map<String, Object>> venues = new ArrayList<>();
            rows.forEach(row -> venues.add(view(row)));
            return venues;
        });
    }

    private Map<String, Object> view(Row row) {
        Map<String, Object> status = new LinkedHashMap<>();
        String venueId = row.getString("venue_id");
        status.put("venueId", venueId);
        status.put("pos", row.getString("pos"));
        status.put("lastSuccess", row.getOffsetDateTime("last_success"));
        status.put("lastError", row.getString("last_error"));
        status.put("lastErrorAt", row.getOffsetDateTime("last_error_at"));
        status.put("queueDepth", row.getLong("queued"));
        status.put("deadLettered", row.getLong("dead"));
        if ("restaumatic".equals(row.getString("pos"))) {
            status.put("circuit", restaumatic.circuit(venueId));
        }
        return status;
    }

    private Uni<Void> refreshGauges() {
        return pool.preparedQuery(STATUS).execute(Tuple.of((String) null)).invoke(rows -> rows.forEach(row -> {
            String venue = row.getString("venue_id");
            gauge(queued, "rotender.connector.queue.depth", row.getString("pos"), venue).set(row.getLong("queued"));
            gauge(dead, "rotender.connector.dead.letters", row.getString("pos"), venue).set(row.getLong("dead"));
        })).replaceWithVoid();
    }

    private AtomicLong gauge(Map<String, AtomicLong> gauges, String name, String connector, String venue) {
        return gauges.computeIfAbsent(venue, v -> metrics.gauge(name, Tags.of("connector", connector, "venue", v), new AtomicLong()));
    }
}
