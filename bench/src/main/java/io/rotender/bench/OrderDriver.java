package io.rotender.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Drives one paid order as a partner app does: POST it, take the code the unit shows, PUT it with status
 * {@code ready}, and wait for the unit's Pour and its Poured. Records POST-to-201, code-to-Pour (PUT sent
 * to the unit receiving Pour) and end-to-end (POST sent to Poured) into the given samples.
 */
final class OrderDriver {

    static final ObjectMapper MAPPER = new ObjectMapper();

    record Outcome(String orderId, int postStatus, String finalState) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String[] orderUrls;
    private final String key;
    private final UnitTraffic units;
    final Samples post = new Samples("POST to 201");
    final Samples codeToPour = new Samples("code to Pour");
    final Samples endToEnd = new Samples("end to end (POST to Poured)");
    final Map<String, String> accepted = new ConcurrentHashMap<>();
    /** Orders that failed on the way (transport error, no code, no Pour or no outcome in time). */
    final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
    private final long start = System.nanoTime();

    OrderDriver(String[] orderUrls, String key, UnitTraffic units) {
        this.orderUrls = orderUrls;
        this.key = key;
        this.units = units;
    }

    long elapsedNanos() {
        return System.nanoTime() - start;
    }

    /** Places one order at the venue; completes when it is poured, failed, or given up on. */
    CompletableFuture<Outcome> order(int n, String venue, String drink, String note) {
        return order(n, venue, drink, note, new CompletableFuture<>());
    }

    /**
     * As {@link #order(int, String, String, String)}; {@code released} completes once the buyer is done with
     * the app: its code was answered, or the order was refused or failed.
     */
    CompletableFuture<Outcome> order(int n, String venue, String drink, String note, CompletableFuture<Void> released) {
        String base = orderUrls[n % orderUrls.length];
        String putBase = orderUrls[(n + 1) % orderUrls.length]; // with two replicas: update on the other one
        String body = "{\"customer\":{\"first_name\":\"Load\",\"last_name\":\"Gen " + n + "\"},\"items\":[{\"drink_id\":\"" + drink
                + "\",\"quantity\":1}],\"payment\":{\"status\":\"paid\"}" + (note == null ? "" : ",\"note\":\"" + note + "\"") + "}";
        long t0 = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/venues/" + venue + "/orders"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            long t1 = System.nanoTime();
            if (response.statusCode() != 201 && response.statusCode() != 202) {
                post.error(t1 - start);
                released.complete(null);
                return CompletableFuture.completedFuture(new Outcome(null, response.statusCode(), "refused"));
            }
            JsonNode order = read(response.body());
            String id = order.path("id").asText();
            accepted.put(id, venue);
            if (response.statusCode() == 201) {
                post.ok(t1 - start, t1 - t0);
            } else {
                post.error(t1 - start);
            }
            return units.code(id).orTimeout(20, TimeUnit.SECONDS).thenCompose(code -> {
                long t2 = System.nanoTime();
                HttpRequest put = HttpRequest.newBuilder(URI.create(putBase + "/venues/" + venue + "/orders/" + id))
                        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30)).PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"ready\",\"code\":\"" + code + "\"}"))
                        .build();
                return http.sendAsync(put, HttpResponse.BodyHandlers.ofString()).thenCompose(ready -> {
                    released.complete(null);
                    if (ready.statusCode() != 200) {
                        codeToPour.error(System.nanoTime() - start);
                        return CompletableFuture.completedFuture(new Outcome(id, response.statusCode(), "code refused " + ready.statusCode()));
                    }
                    return units.pour(id).orTimeout(20, TimeUnit.SECONDS).thenCompose(pourAt -> {
                        codeToPour.ok(pourAt - start, pourAt - t2);
                        return units.outcomeTime(id).orTimeout(30, TimeUnit.SECONDS).thenCombine(units.outcome(id), (doneAt, outcome) -> {
                            endToEnd.ok(doneAt - start, doneAt - t0);
                            return new Outcome(id, response.statusCode(), outcome);
                        });
                    });
                });
            });
        }).exceptionally(failure -> {
            released.complete(null);
            failures.incrementAndGet();
            return new Outcome(null, 0, "error: " + failure.getClass().getSimpleName());
        });
    }

    private static JsonNode read(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (Exception e) {
            return MAPPER.createObjectNode();
        }
    }
}
