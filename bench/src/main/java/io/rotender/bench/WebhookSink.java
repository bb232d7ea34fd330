package io.rotender.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.rotender.systemtests.client.PlatformClient;
import org.HdrHistogram.Histogram;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A partner's webhook receiver for the order-flow benchmark ({@code BENCH_WEBHOOKS=1}): subscribes the benchmark's
 * partner to every webhook type at a receiver in this process, answers 204 at once, and records each delivery's
 * delay from its event's time (the body's {@code timestamp}) to its receipt, one machine clock. {@link #close()}
 * prints the count and p50/p99/max, and removes the endpoint. Without the variable it does nothing.
 */
final class WebhookSink implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final Histogram delays = new Histogram(3_600_000_000L, 3);
    private final AtomicLong received = new AtomicLong();
    private final String menu;
    private final PlatformClient admin;
    private final String partner;
    private final String endpointId;

    private WebhookSink(Path state, String menu, String partner) throws Exception {
        this.menu = menu;
        this.partner = partner;
        this.admin = new PlatformClient(Files.readString(state.resolve("admin-token")).strip());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            long now = Instant.now().toEpochMilli();
            JsonNode body = MAPPER.readTree(exchange.getRequestBody());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            long delay = now - Instant.parse(body.path("timestamp").asText()).toEpochMilli();
            synchronized (delays) {
                delays.recordValue(Math.max(0, delay) * 1000);
            }
            received.incrementAndGet();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        PlatformClient.Answer created = admin.call("POST", menu + "/admin/partners/" + partner + "/webhooks", Map.of("url", url));
        if (created.status() != 201) {
            server.stop(0);
            throw new IllegalStateException("webhook endpoint not created: " + created.status() + " " + created.body());
        }
        endpointId = created.body().path("id").asText();
        System.out.printf("webhooks on: every type of partner %s delivered to %s%n", partner, url);
    }

    /** A sink when {@code BENCH_WEBHOOKS=1}, else null. */
    static WebhookSink fromEnv(Path state, String partner) throws Exception {
        if (!"1".equals(System.getenv("BENCH_WEBHOOKS"))) {
            return null;
        }
        return new WebhookSink(state, System.getenv().getOrDefault("BENCH_MENU_URL", "http://localhost:8081"), partner);
    }

    /** Clears what was recorded (after the warm-up). */
    void reset() {
        synchronized (delays) {
            delays.reset();
        }
        received.set(0);
    }

    @Override
    public void close() throws Exception {
        Thread.sleep(3000); // the last orders' webhooks
        synchronized (delays) {
            System.out.printf("webhooks: %d delivered, event to receipt p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", received.get(),
                    delays.getValueAtPercentile(50) / 1000.0, delays.getValueAtPercentile(99) / 1000.0, delays.getMaxValue() / 1000.0);
        }
        admin.call("DELETE", menu + "/admin/partners/" + partner + "/webhooks/" + endpointId, null);
        server.stop(0);
    }
}
