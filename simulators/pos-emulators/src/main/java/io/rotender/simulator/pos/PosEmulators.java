package io.rotender.simulator.pos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two POS systems for the local platform, talking to proxy-connectors as the real ones would.
 * <ul>
 * <li><b>Restaumatic</b>: serves {@code POST /api/v1/external/orderplaced} (401 for a wrong token, 400 for a body
 * breaking seed 001's rules, 200 otherwise, duplicates ignored by {@code externalOrderId}), then calls our
 * hooks back with the hook token: {@code orderAccepted}, or {@code orderRejected} when the rule says so.</li>
 * <li><b>PORTOS till</b>: polls {@code /portos/unprocessed_orders} every few seconds and processes each order,
 * accepted or rejected by the same rule.</li>
 * </ul>
 * Rule: an order whose customer note contains {@code POS_REJECT_MARKER} (default "reject") is rejected.
 * {@code POST /emulator/api-token {"apiToken": ...}} changes the API token the Restaumatic accepts (orders sent with
 * another are refused with 401), {@code GET /emulator/orders} tells what both POS systems saw. {@code POST /webhooks/...}
 * plays a partner app's webhook receiver (204, everything kept as received), {@code GET /emulator/webhooks} lists it.
 * Configuration (environment): {@code POS_PROXY_URL} (http://localhost:8084), {@code RESTAUMATIC_PORT} (8091),
 * {@code RESTAUMATIC_API_TOKEN}, {@code RESTAUMATIC_HOOK_TOKEN}, {@code PORTOS_KEY}, {@code PORTOS_POLL_SECONDS} (3).
 */
public final class PosEmulators {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final String proxy;
    /** The API token this Restaumatic accepts; an operator's walkthrough changes it ({@code POST /emulator/api-token}). */
    private volatile String apiToken;
    private final String hookToken;
    private final String rejectMarker;
    private final Set<String> placed = ConcurrentHashMap.newKeySet();
    /** What the POS saw, for checks: Rotender order id to the Restaumatic order UUIDs it came with, and requests. */
    private final Map<String, Set<String>> restaumaticUuids = new ConcurrentHashMap<>();
    private final Map<String, Integer> restaumaticRequests = new ConcurrentHashMap<>();
    /** PORTOS external id to how many times the till processed it successfully. */
    private final Map<String, Integer> portosProcessed = new ConcurrentHashMap<>();
    private final AtomicLong restaumaticIds = new AtomicLong(4_617_000);
    /** Webhooks received on {@code /webhooks/...}, in arrival order (at most the last 10,000). */
    private final java.util.Deque<ObjectNode> webhooks = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

    PosEmulators(String proxy, String apiToken, String hookToken, String rejectMarker) {
        this.proxy = proxy;
        this.apiToken = apiToken;
        this.hookToken = hookToken;
        this.rejectMarker = rejectMarker;
    }

    public static void main(String[] args) throws Exception {
        PosEmulators emulators = new PosEmulators(env("POS_PROXY_URL", "http://localhost:8084"),
                env("RESTAUMATIC_API_TOKEN", "demo-restaumatic-api-token"), env("RESTAUMATIC_HOOK_TOKEN", "demo-restaumatic-hook-token"),
                env("POS_REJECT_MARKER", "reject"));
        int port = Integer.parseInt(env("RESTAUMATIC_PORT", "8091"));
        emulators.serveRestaumatic(port);
        emulators.pollPortos(env("PORTOS_KEY", "demo-portos-api-key-0123456789"), Integer.parseInt(env("PORTOS_POLL_SECONDS", "3")));
        System.out.printf("Restaumatic emulator on port %d; PORTOS till polling %s%n", port, emulators.proxy);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    // ---- Restaumatic -----------------------------------------------------------------------------------

    void serveRestaumatic(int port) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/api/v1/external/orderplaced", exchange -> {
            JsonNode body;
            try {
                body = MAPPER.readTree(exchange.getRequestBody());
            } catch (Exception e) {
                body = MAPPER.createObjectNode();
            }
            int status;
            if (!("Token token=\"" + apiToken + "\"").equals(exchange.getRequestHeaders().getFirst("authorization"))) {
                status = 401;
            } else {
                List<String> violations = OrderPlacedContract.violations(body);
                status = violations.isEmpty() ? 200 : 400;
                if (!violations.isEmpty()) {
                    System.out.println("[restaumatic] 400 for " + body.path("externalOrderReferenceId").asText() + ": " + violations);
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            if (status == 200) {
                String reference = body.path("externalOrderReferenceId").asText();
                restaumaticUuids.computeIfAbsent(reference, r -> ConcurrentHashMap.newKeySet()).add(body.path("externalOrderId").asText());
                restaumaticRequests.merge(reference, 1, Integer::sum);
            }
            if (status == 200 && placed.add(body.path("externalOrderId").asText())) {
                JsonNode order = body;
                System.out.printf("[restaumatic] order %s placed%n", order.path("externalOrderReferenceId").asText());
                scheduler.schedule(() -> answer(order), 1, TimeUnit.SECONDS);
            }
        });
        // the restaurant changes the API token it accepts (as after a credentials rotation on Restaumatic's side): every
        // orderplaced with the old one is refused with 401 until the venue's settings carry the new one
        server.createContext("/emulator/api-token", exchange -> {
            int status = 405;
            if ("POST".equals(exchange.getRequestMethod())) {
                String token = MAPPER.readTree(exchange.getRequestBody()).path("apiToken").asText("");
                status = token.isBlank() ? 400 : 204;
                if (status == 204) {
                    apiToken = token;
                    System.out.println("[restaumatic] API token changed");
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        // a partner app's webhook receiver (deploy/local/check-webhooks): keeps every request as it came, answers 204
        server.createContext("/webhooks", exchange -> {
            ObjectNode got = MAPPER.createObjectNode();
            got.put("path", exchange.getRequestURI().getPath());
            got.put("received_at", Instant.now().toString());
            ObjectNode headers = got.putObject("headers");
            for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature", "content-type")) {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            got.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            webhooks.add(got);
            while (webhooks.size() > 10_000) {
                webhooks.pollFirst();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/emulator/webhooks", exchange -> {
            byte[] bytes = MAPPER.writeValueAsBytes(webhooks);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        // what the emulated POS systems saw, for the fault checks: {"restaumatic": {orderId: {"uuids": [...],
        // "requests": n}}, "portos": {orderId: processed}}
        server.createContext("/emulator/orders", exchange -> {
            ObjectNode seen = MAPPER.createObjectNode();
            ObjectNode restaumatic = seen.putObject("restaumatic");
            restaumaticUuids.forEach((reference, uuids) -> {
                ObjectNode o = restaumatic.putObject(reference);
                uuids.forEach(o.putArray("uuids")::add);
                o.put("requests", restaumaticRequests.getOrDefault(reference, 0));
            });
            ObjectNode portos = seen.putObject("portos");
            portosProcessed.forEach(portos::put);
            byte[] bytes = seen.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    private void answer(JsonNode order) {
        boolean reject = order.path("customerOrderNote").asText("").toLowerCase().contains(rejectMarker);
        ObjectNode hook = MAPPER.createObjectNode();
        hook.put("externalOrderUUID", order.path("externalOrderId").asText());
        ObjectNode reference = hook.putObject("externalOrderId");
        reference.put("source", order.path("externalOrderSourceReferenceName").asText());
        reference.put("externalId", order.path("externalOrderReferenceId").asText());
        reference.put("displayId", order.path("shortExternalOrderReferenceId").asText());
        hook.put("restaurantId", order.path("restaurantId").asLong());
        if (!reject) {
            hook.put("restaumaticOrderId", restaumaticIds.incrementAndGet());
            hook.put("overwrittenDeliveryTime", Instant.now().plusSeconds(600).toString());
        }
        String path = reject ? "orderRejected" : "orderAccepted";
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(proxy + "/restaumatic/" + path))
                    .header("Content-Type", "application/json").header("authorization", "Token token=\"" + hookToken + "\"")
                    .POST(HttpRequest.BodyPublishers.ofString(hook.toString())).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.printf("[restaumatic] %s %s -> %d%n", path, order.path("externalOrderReferenceId").asText(), response.statusCode());
        } catch (Exception e) {
            System.out.println("[restaumatic] could not call " + path + ": " + e.getMessage());
        }
    }

    // ---- PORTOS --------------------------------------------------------------------------------------------

    void pollPortos(String key, int seconds) {
        String k = URLEncoder.encode(key, StandardCharsets.UTF_8);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                                URI.create(proxy + "/portos/unprocessed_orders?version=1&key=" + k)).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    return;
                }
                for (JsonNode order : MAPPER.readTree(response.body())) {
                    List<String> violations = PortosDataModel.violations(order);
                    if (!violations.isEmpty()) {
                        System.out.println("[portos] order " + order.path("externalId").asText() + " breaks the data model: " + violations);
                    }
                    boolean reject = order.path("note").asText("").toLowerCase().contains(rejectMarker);
                    String id = URLEncoder.encode(order.path("externalId").asText(), StandardCharsets.UTF_8);
                    String query = reject
                            ? "&status=rejected&rejectionReason=" + URLEncoder.encode("Rejected at the till", StandardCharsets.UTF_8)
                            : "&status=accepted&estimatedCompletionAt=" + URLEncoder.encode(Instant.now().plusSeconds(300).toString(), StandardCharsets.UTF_8);
                    HttpResponse<String> processed = HTTP.send(HttpRequest.newBuilder(URI.create(proxy
                                    + "/portos/process_order?version=1&key=" + k + "&externalId=" + id + query))
                            .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                    System.out.printf("[portos] %s %s -> %d%n", reject ? "rejected" : "accepted", order.path("externalId").asText(),
                            processed.statusCode());
                    if (processed.statusCode() == 200) {
                        portosProcessed.merge(order.path("externalId").asText(), 1, Integer::sum);
                    }
                }
            } catch (Exception e) {
                System.out.println("[portos] poll failed: " + e.getMessage());
            }
        }, seconds, seconds, TimeUnit.SECONDS);
    }

}
