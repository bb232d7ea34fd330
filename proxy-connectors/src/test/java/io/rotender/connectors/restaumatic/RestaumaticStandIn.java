package io.rotender.connectors.restaumatic;

import com.fasterxml.jackson.databind.JsonNode;
import io.rotender.simulator.pos.OrderPlacedContract;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A strict Restaumatic for the connector's tests: {@code POST /api/v1/external/orderplaced} answers 401 for a
 * wrong token, 400 for a body that breaks the seed's rules, otherwise the next scripted status (200 by
 * default; a negative status means "answer after that many ms", for timeouts). Records every request.
 */
public final class RestaumaticStandIn implements AutoCloseable {

    public record Received(String authorization, JsonNode body, int answered) {
    }

    public final List<Received> received = new CopyOnWriteArrayList<>();
    public final Queue<Integer> script = new ConcurrentLinkedQueue<>();
    private final HttpServer server;
    private final ObjectMapper mapper = new ObjectMapper();
    private final String token;

    public RestaumaticStandIn(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/external/orderplaced", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("authorization");
            JsonNode body;
            try {
                body = mapper.readTree(exchange.getRequestBody());
            } catch (Exception e) {
                body = mapper.createObjectNode();
            }
            int status;
            if (!("Token token=\"" + token + "\"").equals(auth)) {
                status = 401;
            } else if (!OrderPlacedContract.violations(body).isEmpty()) {
                status = 400;
            } else {
                Integer next = script.poll();
                status = next == null ? 200 : next;
                if (status < 0) {
                    try {
                        Thread.sleep(-status);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                    status = 200;
                }
            }
            received.add(new Received(auth, body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> forOrder(String orderId) {
        return received.stream().filter(r -> orderId.equals(r.body().path("externalOrderReferenceId").asText())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
