package io.rotender.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks every record a service wrote against the platform's AsyncAPI document ({@code docs/asyncapi.yaml}, generated from
 * the contracts module): its type is a message of its topic, its headers fit the CloudEvents headers and its value the
 * message's schema. {@link KafkaTestClient} checks each record it reads, so every message the tests see a service produce
 * is checked and the document cannot drift from the code. Records that tests, stand-ins or simulators wrote (their
 * {@code ce_source} is not a service) and dead-letter topics are not checked: tests send malformed messages on purpose.
 */
public final class MessageSchemas {

    static final Set<String> SERVICES = Set.of("menu-service", "order-service", "inventory-service", "proxy-connectors");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile MessageSchemas platform;

    private final JsonNode document;
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    MessageSchemas(JsonNode document) {
        this.document = document;
    }

    /** The schemas of {@code docs/asyncapi.yaml}, found from the working directory upwards. */
    public static MessageSchemas platform() {
        if (platform == null) {
            synchronized (MessageSchemas.class) {
                if (platform == null) {
                    platform = new MessageSchemas(read(find()));
                }
            }
        }
        return platform;
    }

    private static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs/asyncapi.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/asyncapi.yaml not found above " + Path.of("").toAbsolutePath());
    }

    private static JsonNode read(Path file) {
        try {
            return new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }

    /** Fails with what is wrong when {@code record}, written by a service, does not fit the document. */
    public void check(ConsumerRecord<String, String> record) {
        String source = KafkaTestClient.header(record, "ce_source");
        if (record.topic().endsWith(".dlq") || source == null || !SERVICES.contains(source)) {
            return;
        }
        String type = KafkaTestClient.header(record, "ce_type");
        JsonNode channel = document.path("channels").path(record.topic());
        if (channel.isMissingNode()) {
            throw new AssertionError(source + " wrote to " + record.topic() + ", a topic docs/asyncapi.yaml does not list");
        }
        if (type == null || !channel.path("messages").has(type)) {
            throw new AssertionError(source + " wrote a " + type + " on " + record.topic() + ", a message docs/asyncapi.yaml "
                    + "does not list on that channel");
        }
        ObjectNode headers = JSON.createObjectNode();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        JsonNode value;
        try {
            value = JSON.readTree(record.value());
        } catch (IOException e) {
            throw new AssertionError(source + " wrote a " + type + " on " + record.topic() + " that is not JSON: " + record.value(), e);
        }
        failIfAny(record, type, "headers", schema("#/components/messages/" + type + "/headers").validate(headers));
        failIfAny(record, type, "value", schema("#/components/messages/" + type + "/payload").validate(value));
    }

    private static void failIfAny(ConsumerRecord<String, String> record, String type, String part, Set<ValidationMessage> errors) {
        if (!errors.isEmpty()) {
            throw new AssertionError("A " + type + " on " + record.topic() + " does not fit docs/asyncapi.yaml (" + part + "): "
                    + errors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; "))
                    + " (regenerate the document from the contracts: -Drotender.asyncapi.write=true on the contracts module)\n"
                    + record.value());
        }
    }

    private JsonSchema schema(String pointer) {
        return compiled.computeIfAbsent(pointer, p -> {
            ObjectNode root = document.deepCopy();
            root.put("$ref", p);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
        });
    }
}
