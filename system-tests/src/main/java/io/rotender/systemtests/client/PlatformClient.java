package io.rotender.systemtests.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A small JSON-over-HTTP client of the platform for the system tests, the benchmarks' set-up and the local
 * launcher: calls go with the admin token unless another bearer (a partner key) is given.
 */
public final class PlatformClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String token;

    /** A client whose calls carry {@code adminToken} unless told otherwise (null: no credential, for the emulators). */
    public PlatformClient(String adminToken) {
        this.token = adminToken;
    }

    /** An answer: its status and its body as JSON (a JSON null when the body is empty). */
    public record Answer(int status, JsonNode body) {
    }

    public Answer call(String method, String url, Object body) {
        return call(method, url, body, token);
    }

    public Answer call(String method, String url, Object body, String bearer) {
        return call(method, url, body, bearer, Map.of());
    }

    /** As {@link #call(String, String, Object, String)} with more request headers ({@code traceparent}, say); no bearer: no credential. */
    public Answer call(String method, String url, Object body, String bearer, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Accept", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(request::header);
        try {
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body() == null || response.body().isBlank() ? mapper.nullNode() : mapper.readTree(response.body());
            return new Answer(response.statusCode(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + url, e);
        }
    }

    /** An admin call that must answer one of {@code statuses}; any other answer is an {@link AssertionError} naming it. */
    public Answer expect(String method, String url, Object body, int... statuses) {
        return expectAs(token, method, url, body, statuses);
    }

    /** As {@link #expect} with another bearer (a partner key). */
    public Answer expectAs(String bearer, String method, String url, Object body, int... statuses) {
        Answer answer = call(method, url, body, bearer);
        for (int status : statuses) {
            if (answer.status() == status) {
                return answer;
            }
        }
        throw new AssertionError(method + " " + url + " answered " + answer.status() + ": " + answer.body());
    }

    public ObjectMapper mapper() {
        return mapper;
    }
}
