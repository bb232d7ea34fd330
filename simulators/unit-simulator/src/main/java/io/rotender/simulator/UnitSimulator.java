package io.rotender.simulator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rotender.contracts.MessageType;
import io.rotender.contracts.Topics;
import io.rotender.contracts.units.UnitCommands;
import io.rotender.contracts.units.UnitEvents;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the units of a venue file (the shape of deploy/local/demo-venue.json) against the real topics.
 * Reads {@code rotender.units.commands}: ShowCode puts the code on the unit's screen (stdout and HTTP),
 * ClearCode clears it, Pour pours after a delay and reports {@code Poured} with the millilitres used, or
 * {@code PourFailed} when told to fail the next pour. Sends a {@code Heartbeat} per unit every few
 * seconds, and {@code LevelsReported} with the file's levels on request.
 * <p>
 * HTTP (default port 8090): {@code GET /units}, {@code GET /units/{id}/screen},
 * {@code GET /units/{id}/pours}, {@code POST /units/{id}/fail-next}, {@code POST /units/{id}/levels}.
 * <p>
 * A unit pours an order once: a redelivered {@code Pour} for an order it already poured is ignored.
 * <p>
 * Configuration (environment): {@code SIMULATOR_KAFKA} (127.0.0.1:19092), {@code SIMULATOR_VENUES}
 * (the venue file, or several separated by commas), {@code SIMULATOR_PORT} (8090), {@code SIMULATOR_POUR_MS} (1500),
 * {@code SIMULATOR_HEARTBEAT_MS} (5000).
 */
public final class UnitSimulator {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    record Unit(String id, String venueId, Map<String, Integer> levels) {
    }

    record Screen(String orderId, String code, String label, Instant shownAt) {
    }

    record PourRecord(String orderId, Instant receivedAt, Instant completedAt, String outcome) {
    }

    private final Map<String, Unit> units = new LinkedHashMap<>();
    private final Map<String, Screen> screens = new ConcurrentHashMap<>();
    private final Map<String, List<PourRecord>> pours = new ConcurrentHashMap<>();
    private final Set<String> failNext = ConcurrentHashMap.newKeySet();
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final KafkaProducer<String, String> producer;
    private final String bootstrap;
    private final long pourMillis;

    /** The venues of one file, or of several separated by commas. */
    private static List<JsonNode> venues(Path files) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        for (String file : files.toString().split(",")) {
            MAPPER.readTree(Path.of(file.strip()).toFile()).path("venues").forEach(all::add);
        }
        return all;
    }

    UnitSimulator(String bootstrap, Path venues, long pourMillis) throws IOException {
        this.bootstrap = bootstrap;
        this.pourMillis = pourMillis;
        for (JsonNode venue : venues(venues)) {
            for (JsonNode unit : venue.path("units")) {
                Map<String, Integer> levels = new LinkedHashMap<>();
                unit.path("slots").forEach(s -> levels.put(s.path("ingredientId").asText(), s.path("levelMl").asInt()));
                units.put(unit.path("id").asText(), new Unit(unit.path("id").asText(), venue.path("id").asText(), levels));
            }
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        producer = new KafkaProducer<>(p);
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = env("SIMULATOR_KAFKA", "127.0.0.1:19092");
        Path venues = Path.of(env("SIMULATOR_VENUES", "deploy/local/demo-venue.json"));
        UnitSimulator simulator = new UnitSimulator(bootstrap, venues, Long.parseLong(env("SIMULATOR_POUR_MS", "1500")));
        simulator.startHttp(Integer.parseInt(env("SIMULATOR_PORT", "8090")));
        simulator.startHeartbeats(Long.parseLong(env("SIMULATOR_HEARTBEAT_MS", "5000")));
        System.out.printf("Unit simulator playing %s; HTTP on %s%n", simulator.units.keySet(), env("SIMULATOR_PORT", "8090"));
        simulator.consumeCommands();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private <T> void send(String unitId, MessageType<T> message, T data) {
        send(unitId, message, data, null);
    }

    /** Sends {@code data}; with the traceparent of the command it answers, in that trace (a span of the unit's own). */
    private <T> void send(String unitId, MessageType<T> message, T data, String commandTrace) {
        String type = message.name();
        ObjectNode envelope = MAPPER.createObjectNode();
        envelope.put("eventId", UUID.randomUUID().toString());
        envelope.put("type", type);
        envelope.put("source", "unit-simulator");
        envelope.put("time", Instant.now().toString());
        envelope.put("aggregateId", unitId);
        envelope.set("data", MAPPER.valueToTree(data));
        ProducerRecord<String, String> record = new ProducerRecord<>(message.topic(), unitId, envelope.toString());
        for (String[] h : new String[][]{{"ce_id", envelope.get("eventId").asText()}, {"ce_type", type},
                {"ce_source", "unit-simulator"}, {"ce_time", envelope.get("time").asText()}, {"ce_specversion", "1.0"},
                {"ce_subject", unitId}, {"content-type", "application/json"}}) {
            record.headers().add(h[0], h[1].getBytes(StandardCharsets.UTF_8));
        }
        if (commandTrace != null && commandTrace.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")) {
            String span = String.format("%016x", java.util.concurrent.ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
            record.headers().add("traceparent", (commandTrace.substring(0, 36) + span + commandTrace.substring(52))
                    .getBytes(StandardCharsets.UTF_8));
        }
        producer.send(record);
    }

    private void startHeartbeats(long everyMillis) {
        scheduler.scheduleAtFixedRate(() -> units.keySet().forEach(u -> send(u, UnitEvents.HEARTBEAT, new UnitEvents.Heartbeat(u))),
                0, everyMillis, TimeUnit.MILLISECONDS);
    }

    private void consumeCommands() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "unit-simulator");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(Topics.UNITS_COMMANDS));
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    if (units.containsKey(record.key())) {
                        var trace = record.headers().lastHeader("traceparent");
                        handle(record.key(), record.value(), trace == null ? null : new String(trace.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    private void handle(String unitId, String value, String traceparent) {
        JsonNode command;
        try {
            command = MAPPER.readTree(value);
            String type = command.path("type").asText();
            JsonNode data = command.path("data");
            if (type.equals(UnitCommands.SHOW_CODE.name())) {
                var show = MAPPER.treeToValue(data, UnitCommands.SHOW_CODE.data());
                screens.put(unitId, new Screen(show.orderId(), show.code(), show.label(), Instant.now()));
                System.out.printf("[%s] screen: %s  %s%n", unitId, show.code(), show.label());
            } else if (type.equals(UnitCommands.CLEAR_CODE.name())) {
                var clear = MAPPER.treeToValue(data, UnitCommands.CLEAR_CODE.data());
                Screen screen = screens.get(unitId);
                if (screen != null && screen.orderId().equals(clear.orderId())) {
                    screens.remove(unitId);
                    System.out.printf("[%s] screen cleared%n", unitId);
                }
            } else if (type.equals(UnitCommands.POUR.name())) {
                pour(unitId, MAPPER.treeToValue(data, UnitCommands.POUR.data()), Instant.now(), traceparent);
            }
        } catch (IOException | IllegalArgumentException e) {
            System.out.println("Unreadable command for " + unitId + ": ignored (" + e.getMessage() + ")");
        }
    }

    private void pour(String unitId, UnitCommands.Pour command, Instant receivedAt, String traceparent) {
        String orderId = command.orderId();
        if (!started.add(orderId)) { // a redelivered Pour: a unit pours an order once
            System.out.printf("[%s] Pour of %s again: already poured, ignored%n", unitId, orderId);
            return;
        }
        Screen screen = screens.get(unitId);
        if (screen != null && screen.orderId().equals(orderId)) {
            screens.remove(unitId);
        }
        System.out.printf("[%s] pouring %s%n", unitId, command.label() == null ? orderId : command.label());
        scheduler.schedule(() -> {
            Unit unit = units.get(unitId);
            if (failNext.remove(unitId)) {
                send(unitId, UnitEvents.POUR_FAILED, new UnitEvents.PourFailed(unitId, orderId, "simulated failure: no cup", List.of()),
                        traceparent);
                record(unitId, new PourRecord(orderId, receivedAt, Instant.now(), "failed"));
                System.out.printf("[%s] pour of %s FAILED%n", unitId, orderId);
                return;
            }
            Map<String, Integer> used = new LinkedHashMap<>();
            command.items().forEach(item -> item.recipe().forEach(line -> used.merge(line.ingredientId(),
                    line.ml() * Math.max(item.quantity(), 1), Integer::sum)));
            synchronized (unit) {
                used.forEach((ingredient, ml) -> unit.levels().computeIfPresent(ingredient, (k, level) -> Math.max(0, level - ml)));
            }
            List<UnitEvents.Used> usedList = new ArrayList<>();
            used.forEach((ingredient, ml) -> usedList.add(new UnitEvents.Used(ingredient, ml)));
            send(unitId, UnitEvents.POURED, new UnitEvents.Poured(unitId, orderId, usedList), traceparent);
            record(unitId, new PourRecord(orderId, receivedAt, Instant.now(), "poured"));
            System.out.printf("[%s] poured %s: %s%n", unitId, orderId, used);
        }, pourMillis, TimeUnit.MILLISECONDS);
    }

    private void record(String unitId, PourRecord pour) {
        pours.computeIfAbsent(unitId, u -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(pour);
    }

    private void startHttp(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/units", this::http);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    private void http(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().replaceAll("/+$", "").split("/");
        String method = exchange.getRequestMethod();
        try {
            if (parts.length == 2 && method.equals("GET")) {
                List<Map<String, Object>> all = new ArrayList<>();
                for (Unit unit : units.values()) {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("unit_id", unit.id());
                    view.put("venue_id", unit.venueId());
                    view.put("screen", screenView(unit.id()));
                    view.put("levels", unit.levels());
                    all.add(view);
                }
                answer(exchange, 200, all);
                return;
            }
            if (parts.length == 4 && units.containsKey(parts[2])) {
                String unitId = parts[2];
                switch (method + " " + parts[3]) {
                    case "GET screen" -> {
                        Object screen = screenView(unitId);
                        answer(exchange, screen == null ? 404 : 200, screen == null ? Map.of("screen", "blank") : screen);
                    }
                    case "GET pours" -> answer(exchange, 200, pours.getOrDefault(unitId, List.of()).stream().map(p -> Map.of(
                            "order_id", p.orderId(), "received_at", p.receivedAt().toString(),
                            "completed_at", p.completedAt().toString(), "outcome", p.outcome())).toList());
                    case "POST fail-next" -> {
                        failNext.add(unitId);
                        answer(exchange, 202, Map.of("unit_id", unitId, "next_pour", "fails"));
                    }
                    case "POST levels" -> {
                        Unit unit = units.get(unitId);
                        List<UnitEvents.Level> levels = new ArrayList<>();
                        unit.levels().forEach((ingredient, ml) -> levels.add(new UnitEvents.Level(ingredient, ml)));
                        send(unitId, UnitEvents.LEVELS_REPORTED, new UnitEvents.LevelsReported(unitId, levels));
                        answer(exchange, 202, Map.of("unit_id", unitId, "reported", unit.levels()));
                    }
                    default -> answer(exchange, 404, Map.of("error", "no such resource"));
                }
                return;
            }
            answer(exchange, 404, Map.of("error", "no such unit"));
        } catch (Exception e) {
            answer(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private Object screenView(String unitId) {
        Screen screen = screens.get(unitId);
        return screen == null ? null : Map.of("order_id", screen.orderId(), "code", screen.code(), "label", screen.label(),
                "shown_at", screen.shownAt().toString());
    }

    private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
