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
    /** POSTs answered 202 (the reservation not settled within the service's bound). */
    final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    /** Requests sent again after no answer or a 5xx. */
    final java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();
    private final long start = System.nanoTime();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    private final boolean retrying;

    OrderDriver(String[] orderUrls, String key, UnitTraffic units) {
        this(orderUrls, key, units, false);
    }

    /**
     * With {@code retrying}, a request that got no answer or a 5xx is sent again every second for up to a
     * minute, as a partner app riding out an outage would; an order carries a {@code partner_order_id}, so
     * a repeated POST returns the first order instead of a second one, and a repeated code is idempotent.
     */
    OrderDriver(String[] orderUrls, String key, UnitTraffic units, boolean retrying) {
        this.orderUrls = orderUrls;
        this.key = key;
        this.units = units;
        this.retrying = retrying;
        this.patience = retrying ? 150 : 20;
    }

    /** Seconds to wait for a code, a Pour or an outcome. */
    private final long patience;

    /**
     * Sends {@code request}; with {@code retrying}, a request that got no answer or a 5xx goes again a second
     * later to the next replica, as a load balancer in front of the replicas does once one of them is down (a
     * replica killed in the fault test takes longer to restart than the client's minute of patience, and an
     * app whose retries all went to the dead one would leave a confirmed order behind that only its expiry ends).
     */
    private CompletableFuture<HttpResponse<String>> send(HttpRequest request, int attempt) {
        CompletableFuture<HttpResponse<String>> sent = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        if (!retrying) {
            return sent;
        }
        return sent.handle((response, failure) -> {
            boolean again = (failure != null || response.statusCode() >= 500) && attempt < 60;
            if (!again) {
                return failure == null ? CompletableFuture.completedFuture(response) : CompletableFuture.<HttpResponse<String>>failedFuture(failure);
            }
            retries.incrementAndGet();
            HttpRequest next = HttpRequest.newBuilder(request, (name, value) -> true).uri(nextReplica(request.uri())).build();
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS))
                    .thenCompose(x -> send(next, attempt + 1));
        }).thenCompose(f -> f);
    }

    /** The same path on the replica after the one {@code uri} points at. */
    private URI nextReplica(URI uri) {
        String s = uri.toString();
        for (int i = 0; i < orderUrls.length; i++) {
            if (s.startsWith(orderUrls[i] + "/")) {
                return URI.create(orderUrls[(i + 1) % orderUrls.length] + s.substring(orderUrls[i].length()));
            }
        }
        return uri;
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
        return order(n, venue, drink, note, released, System.nanoTime());
    }

    /**
     * As {@link #order(int, String, String, String, CompletableFuture)} for an order of a fixed-rate load, due at
     * {@code dueNanos} ({@link System#nanoTime()}): POST-to-201 and end-to-end count from then, not from when
     * the request could be sent.
     */
    CompletableFuture<Outcome> order(int n, String venue, String drink, String note, CompletableFuture<Void> released, long dueNanos) {
        String base = orderUrls[n % orderUrls.length];
        String putBase = orderUrls[(n + 1) % orderUrls.length]; // with two replicas: update on the other one
        String body = "{\"customer\":{\"first_name\":\"Load\",\"last_name\":\"Gen " + n + "\"},\"items\":[{\"drink_id\":\"" + drink
                + "\",\"quantity\":1}],\"payment\":{\"status\":\"paid\"}" + (note == null ? "" : ",\"note\":\"" + note + "\"")
                + (retrying ? ",\"partner_order_id\":\"load-" + runId + "-" + n + "\"" : "") + "}";
        long t0 = dueNanos;
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/venues/" + venue + "/orders"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return send(request, 0).thenCompose(response -> {
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
                pending.incrementAndGet();
                post.error(t1 - start);
            }
            return units.code(id).orTimeout(patience, TimeUnit.SECONDS).thenCompose(code -> {
                long t2 = System.nanoTime();
                HttpRequest put = HttpRequest.newBuilder(URI.create(putBase + "/venues/" + venue + "/orders/" + id))
                        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30)).PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"ready\",\"code\":\"" + code + "\"}"))
                        .build();
                return send(put, 0).thenCompose(ready -> {
                    released.complete(null);
                    if (ready.statusCode() != 200) {
                        codeToPour.error(System.nanoTime() - start);
                        return CompletableFuture.completedFuture(new Outcome(id, response.statusCode(), "code refused " + ready.statusCode()));
                    }
                    return units.pour(id).orTimeout(patience, TimeUnit.SECONDS).thenCompose(pourAt -> {
                        codeToPour.ok(pourAt - start, pourAt - t2);
                        return units.outcomeTime(id).orTimeout(patience + 10, TimeUnit.SECONDS).thenCombine(units.outcome(id), (doneAt, outcome) -> {
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
