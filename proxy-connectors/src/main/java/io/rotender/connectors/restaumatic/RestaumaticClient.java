package io.rotender.connectors.restaumatic;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends {@code orderplaced} to a venue's Restaumatic. A 5xx or no answer within
 * {@code rotender.connectors.restaumatic-timeout} (5 s) is a failure (counted by the circuit breaker,
 * retried later by the sender); any other status is an answer, returned as it is.
 */
@ApplicationScoped
public class RestaumaticClient {

    /** A 5xx answer: the POS is unwell, try again later. */
    public static class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    private final Map<String, RestaumaticApi> clients = new ConcurrentHashMap<>();
    private final Duration timeout;

    public RestaumaticClient(@ConfigProperty(name = "rotender.connectors.restaumatic-timeout", defaultValue = "5s") Duration timeout) {
        this.timeout = timeout;
    }

    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            failOn = {Unavailable.class, java.util.concurrent.TimeoutException.class, io.vertx.core.VertxException.class,
                    java.net.ConnectException.class, org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class})
    @CircuitBreakerName("restaumatic")
    public Uni<Integer> orderPlaced(String baseUrl, String apiToken, JsonNode body) {
        RestaumaticApi api = clients.computeIfAbsent(baseUrl, url -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(url)).build(RestaumaticApi.class));
        return api.orderPlaced("Token token=\"" + apiToken + "\"", body)
                .map(response -> response.getStatus())
                .onFailure(WebApplicationException.class).recoverWithItem(e -> ((WebApplicationException) e).getResponse().getStatus())
                .ifNoItem().after(timeout).failWith(() -> new Unavailable("Restaumatic did not answer within " + timeout))
                .map(status -> {
                    if (status >= 500) {
                        throw new Unavailable("Restaumatic answered " + status);
                    }
                    return status;
                });
    }
}
