package io.rotender.connectors.restaumatic;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends {@code orderplaced} to a venue's Restaumatic. A 5xx or no answer within
 * {@code rotender.connectors.restaumatic-timeout} (5 s) is a failure (retried later by the sender); any other
 * status is an answer, returned as it is. Each venue has its own circuit breaker and bulkhead: one
 * restaurant whose POS is down (or slow) opens its own circuit and fills its own bulkhead, never another
 * venue's. An open circuit or a full bulkhead fails at once, and the sender tries again later.
 */
@ApplicationScoped
public class RestaumaticClient {

    /** A 5xx answer: the POS is unwell, try again later. */
    public static class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** What Restaumatic answered: its status and the start of its body (for the operator's dead-letter view). */
    public record Answer(int status, String body) {
        static final int KEPT = 512;

        static Answer of(int status, Object entity) {
            String text = entity == null ? "" : entity.toString();
            return new Answer(status, text.length() > KEPT ? text.substring(0, KEPT) + "…" : text);
        }

        /** {@code 401 {"error": ...}}: how the operator reads it. */
        public String summary() {
            return body.isBlank() ? String.valueOf(status) : status + " " + body;
        }
    }

    private static final List<Class<? extends Throwable>> FAILURES = List.of(Unavailable.class,
            java.util.concurrent.TimeoutException.class, io.vertx.core.VertxException.class, java.net.ConnectException.class,
            org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class);

    /** One venue's guard and the state of its circuit. */
    private record VenueGuard(TypedGuard<Uni<Answer>> guard, AtomicReference<CircuitBreakerState> state) {
    }

    private final Map<String, RestaumaticApi> clients = new ConcurrentHashMap<>();
    private final Map<String, VenueGuard> guards = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final MeterRegistry metrics;

    public RestaumaticClient(@ConfigProperty(name = "rotender.connectors.restaumatic-timeout", defaultValue = "5s") Duration timeout,
                             MeterRegistry metrics) {
        this.timeout = timeout;
        this.metrics = metrics;
    }

    public Uni<Answer> orderPlaced(String venueId, String baseUrl, String apiToken, JsonNode body) {
        RestaumaticApi api = clients.computeIfAbsent(baseUrl, url -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(url)).build(RestaumaticApi.class));
        return guard(venueId).guard().get(() -> api.orderPlaced("Token token=\"" + apiToken + "\"", body)
                .map(response -> Answer.of(response.getStatus(), response.getEntity()))
                .onFailure(WebApplicationException.class).recoverWithItem(e -> errorAnswer(((WebApplicationException) e).getResponse()))
                .ifNoItem().after(timeout).failWith(() -> new Unavailable("Restaumatic did not answer within " + timeout))
                .map(answer -> {
                    if (answer.status() >= 500) {
                        throw new Unavailable("Restaumatic answered " + answer.summary());
                    }
                    return answer;
                }));
    }

    private static Answer errorAnswer(jakarta.ws.rs.core.Response response) {
        Object body;
        try {
            body = response.hasEntity() ? response.readEntity(String.class) : null;
        } catch (RuntimeException e) {
            body = null; // the status says enough
        }
        return Answer.of(response.getStatus(), body);
    }

    /** The state of the venue's circuit: closed, open or half_open (closed for a venue not called yet). */
    public String circuit(String venueId) {
        VenueGuard guard = guards.get(venueId);
        CircuitBreakerState state = guard == null ? CircuitBreakerState.CLOSED : guard.state().get();
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    private VenueGuard guard(String venueId) {
        return guards.computeIfAbsent(venueId, venue -> {
            AtomicReference<CircuitBreakerState> state = new AtomicReference<>(CircuitBreakerState.CLOSED);
            metrics.gauge("rotender.connector.circuit.open", io.micrometer.core.instrument.Tags.of("connector", "restaumatic", "venue", venue),
                    state, s -> s.get() == CircuitBreakerState.CLOSED ? 0 : 1);
            TypedGuard<Uni<Answer>> guard = TypedGuard.create(new TypeLiteral<Uni<Answer>>() { })
                    .withDescription("Restaumatic of venue " + venue)
                    .withCircuitBreaker().requestVolumeThreshold(10).failureRatio(0.5).delay(10, ChronoUnit.SECONDS)
                    .failOn(FAILURES)
                    .onStateChange(s -> {
                        state.set(s);
                        Log.infof("Circuit to the Restaumatic of venue %s: %s", venue, s);
                    })
                    .done()
                    .withBulkhead().limit(4).queueSize(16).done()
                    .build();
            return new VenueGuard(guard, state);
        });
    }
}
