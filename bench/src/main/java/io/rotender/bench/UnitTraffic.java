package io.rotender.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches what the units see and say, as a unit would: {@code ShowCode} (the code a unit's screen shows),
 * {@code Pour} on {@code rotender.units.commands}, {@code Poured} and {@code PourFailed} on
 * {@code rotender.units.events}, each stamped with {@link System#nanoTime()} on arrival, so the load
 * generator measures code-to-Pour and end-to-end on one clock. Also keeps the distinct Pour event ids per
 * order (two different ones would be two pour decisions for one order).
 */
final class UnitTraffic implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, CompletableFuture<String>> codes = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Long>> pours = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<String>> outcomes = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Long>> outcomeTimes = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> pourEventIds = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    UnitTraffic(String bootstrap) {
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        c.put("group.id", "bench-" + UUID.randomUUID());
        c.put("auto.offset.reset", "latest");
        c.put("enable.auto.commit", "false");
        c.put("key.deserializer", StringDeserializer.class.getName());
        c.put("value.deserializer", StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(c);
        consumer.subscribe(List.of("rotender.units.commands", "rotender.units.events"));
        long deadline = System.currentTimeMillis() + 30_000;
        while (consumer.assignment().isEmpty() && System.currentTimeMillis() < deadline) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
        thread = new Thread(this::loop, "unit-traffic");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(5))) {
                long now = System.nanoTime();
                try {
                    JsonNode event = MAPPER.readTree(record.value());
                    String order = event.path("data").path("orderId").asText();
                    switch (event.path("type").asText()) {
                        case "ShowCode" -> code(order).complete(event.path("data").path("code").asText());
                        case "Pour" -> {
                            pourEventIds.computeIfAbsent(order, o -> ConcurrentHashMap.newKeySet()).add(event.path("eventId").asText());
                            pour(order).complete(now);
                        }
                        case "Poured", "PourFailed" -> {
                            outcome(order).complete(event.path("type").asText());
                            outcomeTime(order).complete(now);
                        }
                        default -> {
                        }
                    }
                } catch (Exception e) {
                    // not an event of ours
                }
            }
        }
    }

    CompletableFuture<String> code(String order) {
        return codes.computeIfAbsent(order, o -> new CompletableFuture<>());
    }

    CompletableFuture<Long> pour(String order) {
        return pours.computeIfAbsent(order, o -> new CompletableFuture<>());
    }

    CompletableFuture<String> outcome(String order) {
        return outcomes.computeIfAbsent(order, o -> new CompletableFuture<>());
    }

    CompletableFuture<Long> outcomeTime(String order) {
        return outcomeTimes.computeIfAbsent(order, o -> new CompletableFuture<>());
    }

    /** Orders that received Pour commands with more than one distinct event id. */
    List<String> doublePourDecisions() {
        return pourEventIds.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
    }
}
