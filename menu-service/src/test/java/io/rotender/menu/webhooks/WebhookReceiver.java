package io.rotender.menu.webhooks;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A partner's webhook receiver for the tests: records every request as it arrives (headers and body) and answers the next scripted
 * status (200 when the script is empty; a negative number: wait that many ms, then 200; 302: a redirect to
 * {@link #redirectTo}); {@link #delayMs} slows every answer down.
 */
final class WebhookReceiver implements AutoCloseable {

    /** A request as it arrived, and what it was answered ({@code late}: after a scripted wait, past the sender's timeout). */
    record Received(Map<String, List<String>> headers, String body, int answered, boolean late) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    final Queue<Integer> script = new ConcurrentLinkedQueue<>();
    volatile int otherwise = 200;
    volatile int delayMs;
    volatile String redirectTo;
    private final HttpServer server;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
            Integer next = script.poll();
            int scripted = next == null ? otherwise : next;
            int status = scripted < 0 ? 200 : scripted;
            received.add(new Received(headers, body, status, scripted < 0));
            sleep(delayMs);
            sleep(-Math.min(scripted, 0));
            if (status == 302) {
                exchange.getResponseHeaders().add("Location", redirectTo);
            }
            byte[] answer = ("{\"received\":" + (status < 300) + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    private static void sleep(int ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** What was answered 2xx in time, in arrival order. */
    List<Received> accepted() {
        return received.stream().filter(r -> r.answered() < 300 && !r.late()).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
