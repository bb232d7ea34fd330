package io.rotender.systemtests.security;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/** Sends requests with a bounded number in flight and answers what came back (or the transport error). */
final class Http {

    /** A request to send. {@code mutating} requests are expected never to succeed when they are hostile. */
    record Call(String label, String method, String url, Map<String, String> headers, byte[] body) {
    }

    record Answer(Call call, int status, String contentType, String body, String error) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Semaphore inFlight;

    Http(int concurrency) {
        this.inFlight = new Semaphore(concurrency);
    }

    static String url(String base, String path, Map<String, String> query) {
        StringBuilder url = new StringBuilder(base).append(path);
        char sep = '?';
        for (var q : query.entrySet()) {
            url.append(sep).append(encode(q.getKey())).append('=').append(encode(q.getValue()));
            sep = '&';
        }
        return url.toString();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static Map<String, String> headers(String... pairs) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                headers.put(pairs[i], pairs[i + 1]);
            }
        }
        return headers;
    }

    Answer send(Call call) {
        return sendAsync(call).join();
    }

    /**
     * Sends on a connection of its own: a client with an empty pool, so that a connection the server closed
     * after an earlier refusal cannot be picked again.
     */
    Answer sendOnNewConnection(Call call) {
        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return sendAsync(fresh, call).join();
    }

    CompletableFuture<Answer> sendAsync(Call call) {
        return sendAsync(client, call);
    }

    private CompletableFuture<Answer> sendAsync(HttpClient client, Call call) {
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(call.url())).timeout(Duration.ofSeconds(30));
            call.headers().forEach(builder::header);
            builder.method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(call.body()));
            request = builder.build();
        } catch (IllegalArgumentException e) { // a header or URL the client itself refuses to send
            return CompletableFuture.completedFuture(new Answer(call, -1, null, null, "not sendable: " + e.getMessage()));
        }
        inFlight.acquireUninterruptibly();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    inFlight.release();
                    if (failure != null) {
                        return new Answer(call, 0, null, null, failure.getClass().getSimpleName() + ": " + failure.getMessage());
                    }
                    return new Answer(call, response.statusCode(), response.headers().firstValue("content-type").orElse(""),
                            response.body(), null);
                });
    }
}
