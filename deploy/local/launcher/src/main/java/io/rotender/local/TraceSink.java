package io.rotender.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A stand-in tracing backend for the local run ({@code ROTENDER_LOCAL_TRACES=true}): receives the services' spans over
 * OTLP/HTTP (protobuf, {@code POST /v1/traces}) and answers {@code GET /traces/<trace id>} with that trace's spans as JSON
 * (service, name, kind, span and parent ids), so the end-to-end check can see one order's trace across the services.
 * Reads only what it shows from the protobuf; keeps the last 20,000 traces.
 * <p>
 * Usage: {@code TraceSink <port>}
 */
public final class TraceSink {

    /** One span as the check reads it. */
    public record SpanRecord(String traceId, String spanId, String parentSpanId, String name, int kind, String service) {
    }

    private static final int KEPT_TRACES = 20_000;
    private static final Map<String, List<SpanRecord>> TRACES = new ConcurrentHashMap<>();
    private static final List<String> ORDER = new CopyOnWriteArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private TraceSink() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/v1/traces", TraceSink::receive);
        server.createContext("/traces/", TraceSink::trace);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        System.out.println("trace sink listening on 127.0.0.1:" + port);
    }

    private static void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            List<SpanRecord> spans = parse(body.readAllBytes());
            spans.forEach(TraceSink::keep);
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse: everything accepted
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(400, -1);
        }
    }

    private static void keep(SpanRecord span) {
        TRACES.computeIfAbsent(span.traceId(), id -> {
            ORDER.add(id);
            return new CopyOnWriteArrayList<>();
        }).add(span);
        while (ORDER.size() > KEPT_TRACES) {
            TRACES.remove(ORDER.remove(0));
        }
    }

    private static void trace(HttpExchange exchange) throws IOException {
        try (exchange) {
            String id = exchange.getRequestURI().getPath().substring("/traces/".length());
            byte[] answer = JSON.writeValueAsBytes(TRACES.getOrDefault(id, List.of()));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    // ---- the few fields of ExportTraceServiceRequest it reads (opentelemetry/proto/trace/v1/trace.proto) ----------

    /** ExportTraceServiceRequest: resource_spans = 1. */
    static List<SpanRecord> parse(byte[] request) {
        List<SpanRecord> spans = new ArrayList<>();
        for (Field resourceSpans : fields(request)) {
            if (resourceSpans.number == 1) {
                resourceSpans(resourceSpans.bytes, spans);
            }
        }
        return spans;
    }

    /** ResourceSpans: resource = 1 (attributes = 1), scope_spans = 2 (spans = 2). */
    private static void resourceSpans(byte[] message, List<SpanRecord> spans) {
        String service = "";
        List<byte[]> scopes = new ArrayList<>();
        for (Field f : fields(message)) {
            if (f.number == 1) {
                service = attributes(f.bytes).getOrDefault("service.name", "");
            } else if (f.number == 2) {
                scopes.add(f.bytes);
            }
        }
        for (byte[] scope : scopes) {
            for (Field f : fields(scope)) {
                if (f.number == 2) {
                    spans.add(span(f.bytes, service));
                }
            }
        }
    }

    /** Span: trace_id = 1, span_id = 2, parent_span_id = 4, name = 5, kind = 6. */
    private static SpanRecord span(byte[] message, String service) {
        String trace = "", id = "", parent = "", name = "";
        int kind = 0;
        for (Field f : fields(message)) {
            switch (f.number) {
                case 1 -> trace = HexFormat.of().formatHex(f.bytes);
                case 2 -> id = HexFormat.of().formatHex(f.bytes);
                case 4 -> parent = HexFormat.of().formatHex(f.bytes);
                case 5 -> name = new String(f.bytes, StandardCharsets.UTF_8);
                case 6 -> kind = (int) f.varint;
                default -> {
                }
            }
        }
        return new SpanRecord(trace, id, parent, name, kind, service);
    }

    /** Resource: attributes = 1, each a KeyValue (key = 1, value = 2: AnyValue, string_value = 1). */
    private static Map<String, String> attributes(byte[] resource) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Field attribute : fields(resource)) {
            if (attribute.number != 1) {
                continue;
            }
            String key = null, value = null;
            for (Field f : fields(attribute.bytes)) {
                if (f.number == 1) {
                    key = new String(f.bytes, StandardCharsets.UTF_8);
                } else if (f.number == 2) {
                    for (Field v : fields(f.bytes)) {
                        if (v.number == 1) {
                            value = new String(v.bytes, StandardCharsets.UTF_8);
                        }
                    }
                }
            }
            if (key != null && value != null) {
                attributes.put(key, value);
            }
        }
        return attributes;
    }

    private record Field(int number, long varint, byte[] bytes) {
    }

    /** The fields of one protobuf message (wire types 0, 1, 2 and 5). */
    private static List<Field> fields(byte[] message) {
        List<Field> fields = new ArrayList<>();
        int[] at = {0};
        while (at[0] < message.length) {
            long tag = varint(message, at);
            int number = (int) (tag >>> 3);
            switch ((int) (tag & 7)) {
                case 0 -> fields.add(new Field(number, varint(message, at), null));
                case 1 -> at[0] += 8;
                case 2 -> {
                    int length = (int) varint(message, at);
                    byte[] bytes = java.util.Arrays.copyOfRange(message, at[0], at[0] + length);
                    at[0] += length;
                    fields.add(new Field(number, 0, bytes));
                }
                case 5 -> at[0] += 4;
                default -> throw new IllegalArgumentException("unsupported protobuf wire type in field " + number);
            }
        }
        return fields;
    }

    private static long varint(byte[] bytes, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = bytes[at[0]++];
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }
}
