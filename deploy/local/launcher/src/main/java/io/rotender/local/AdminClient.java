package io.rotender.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small JSON-over-HTTP client for the local scripts: admin calls with the admin token, partner calls with a key. */
final class AdminClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String token;

    AdminClient(String token) {
        this.token = token;
    }

    record Answer(int status, JsonNode body) {
    }

    Answer call(String method, String url, Object body) throws Exception {
        return call(method, url, body, token);
    }

    Answer call(String method, String url, Object body, String bearer) throws Exception {
        return call(method, url, body, bearer, java.util.Map.of());
    }

    /** As {@link #call(String, String, Object, String)} with more request headers ({@code traceparent}, say). */
    Answer call(String method, String url, Object body, String bearer, java.util.Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + bearer).header("Accept", "application/json");
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body() == null || response.body().isBlank() ? mapper.nullNode() : mapper.readTree(response.body());
        return new Answer(response.statusCode(), json);
    }

    Answer expect(String method, String url, Object body, int... statuses) throws Exception {
        Answer answer = call(method, url, body);
        for (int status : statuses) {
            if (answer.status() == status) {
                return answer;
            }
        }
        throw new IllegalStateException(method + " " + url + " answered " + answer.status() + ": " + answer.body());
    }

    ObjectMapper mapper() {
        return mapper;
    }
}
