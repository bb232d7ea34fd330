package io.rotender.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotender.platform.events.EventEnvelope;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays inventory-service's side of the reservation contract over the real topics, for order-service's
 * own tests: answers each ReserveStock with StockReserved on unit {@code unit-1}, or StockRejected when a
 * drink is sold out; orders of a silent venue get no answer until {@link #reserveNow}. The real inventory-service is exercised by its
 * own tests and by the end-to-end check on the local run.
 */
public final class InventoryStandIn implements AutoCloseable {

    public final Set<String> soldOut = ConcurrentHashMap.newKeySet();
    public final Set<String> silentVenues = ConcurrentHashMap.newKeySet();
    public final Map<String, Integer> reserveCommands = new ConcurrentHashMap<>();
    public final Map<String, Integer> releaseCommands = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;
    private final Thread thread;
    private volatile boolean running = true;
    private final java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
    private static InventoryStandIn shared;

    /** One stand-in for the whole test run, listening before the first test places an order. */
    public static synchronized InventoryStandIn shared(String bootstrap, ObjectMapper mapper) {
        if (shared == null) {
            shared = new InventoryStandIn(bootstrap, mapper);
            try {
                shared.assigned.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return shared;
    }

    private InventoryStandIn(String bootstrap, ObjectMapper mapper) {
        this.mapper = mapper;
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "inventory-stand-in-" + java.util.UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        thread = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c); KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                consumer.subscribe(List.of("rotender.inventory.commands"));
                while (running && consumer.assignment().isEmpty()) {
                    consumer.poll(Duration.ofMillis(50)).forEach(r -> answer(producer, r));
                }
                assigned.countDown();
                while (running) {
                    consumer.poll(Duration.ofMillis(50)).forEach(r -> answer(producer, r));
                }
            }
        }, "inventory-stand-in");
        thread.setDaemon(true);
        thread.start();
    }

    private void answer(KafkaProducer<String, String> producer, ConsumerRecord<String, String> record) {
        try {
            JsonNode command = mapper.readTree(record.value());
            JsonNode data = command.get("data");
            String orderId = data.path("orderId").asText();
            if ("ReleaseStock".equals(command.path("type").asText())) {
                releaseCommands.merge(orderId, 1, Integer::sum);
                return;
            }
            reserveCommands.merge(orderId, 1, Integer::sum);
            if (silentVenues.contains(data.path("venueId").asText())) {
                return;
            }
            List<String> out = new java.util.ArrayList<>();
            data.path("items").forEach(i -> {
                if (soldOut.contains(i.path("drinkId").asText())) {
                    out.add(i.path("drinkId").asText());
                }
            });
            EventEnvelope answer = out.isEmpty()
                    ? EventEnvelope.of("StockReserved", "inventory-stand-in", orderId, Map.of("orderId", orderId,
                            "venueId", data.path("venueId").asText(), "unitId", "unit-1", "unitName", "Rotender 1",
                            "unitLocation", "Main bar"), mapper)
                    : EventEnvelope.of("StockRejected", "inventory-stand-in", orderId, Map.of("orderId", orderId,
                            "venueId", data.path("venueId").asText(), "unavailableDrinks", out, "reason", "out-of-stock"), mapper);
            ProducerRecord<String, String> reply = new ProducerRecord<>("rotender.inventory.events", orderId, mapper.writeValueAsString(answer));
            childOf(record, reply);
            producer.send(reply).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Continues the command's trace as inventory-service does: the answer's traceparent has the command's trace id and a
     * span id of its own (the stand-in's "consumer span").
     */
    private static void childOf(ConsumerRecord<String, String> command, ProducerRecord<String, String> reply) {
        Header parent = command.headers().lastHeader("traceparent");
        if (parent == null) {
            return;
        }
        String[] parts = new String(parent.value(), StandardCharsets.UTF_8).split("-");
        String spanId = String.format("%016x", java.util.concurrent.ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        reply.headers().add("traceparent", String.join("-", parts[0], parts[1], spanId, parts[3]).getBytes(StandardCharsets.UTF_8));
    }

    /** Answers a silent order later, as a slow inventory would. */
    public void reserveNow(String orderId, String venueId, String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            EventEnvelope answer = EventEnvelope.of("StockReserved", "inventory-stand-in", orderId, Map.of("orderId", orderId,
                    "venueId", venueId, "unitId", "unit-1", "unitName", "Rotender 1", "unitLocation", "Main bar"), mapper);
            producer.send(new ProducerRecord<>("rotender.inventory.events", orderId, mapper.writeValueAsString(answer))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running = false;
    }
}
