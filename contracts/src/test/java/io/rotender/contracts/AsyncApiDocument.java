package io.rotender.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Builds the platform's AsyncAPI 3 document from this module: a channel per topic of {@link Topics} (its record key and
 * what travels on it), a message per type of {@link Messages} (the CloudEvents headers, the envelope, the data) and a
 * JSON Schema for every record. A property is required when its record cannot be built without it (a compact
 * constructor's {@code Require}) or is a primitive; a property the record leaves null when it is missing is nullable; a
 * record accepts no other property, so a field written without its schema fails the message check of the tests.
 */
final class AsyncApiDocument {

    /** What each topic's record key is: the per-key order the platform relies on. */
    static final Map<String, String> KEYS = Map.of(
            Topics.MENU_CATALOG, "the venue id (VenueUpserted), venueId/drinkId (DrinkUpserted, DrinkRemoved)",
            Topics.INVENTORY_COMMANDS, "the order id",
            Topics.INVENTORY_EVENTS, "the order id",
            Topics.INVENTORY_AVAILABILITY, "venueId/drinkId (DrinkAvailabilityChanged), the unit id (UnitStatusChanged)",
            Topics.ORDERS_EVENTS, "the order id",
            Topics.ORDERS_COMMANDS, "the order id",
            Topics.UNITS_COMMANDS, "the unit id",
            Topics.UNITS_EVENTS, "the unit id",
            Topics.PARTNERS_ACCESS, "the partner id",
            Topics.CONNECTORS_POS, "the venue id");

    /** Who writes and who reads each topic. */
    static final Map<String, String> PARTIES = Map.of(
            Topics.MENU_CATALOG, "Written by menu-service; read by inventory-service, order-service, proxy-connectors.",
            Topics.INVENTORY_COMMANDS, "Written by order-service; read by inventory-service.",
            Topics.INVENTORY_EVENTS, "Written by inventory-service; read by order-service.",
            Topics.INVENTORY_AVAILABILITY, "Written by inventory-service; read by menu-service and order-service.",
            Topics.ORDERS_EVENTS, "Written by order-service; read by proxy-connectors (POS forwarding) and menu-service (partner webhooks).",
            Topics.ORDERS_COMMANDS, "Written by proxy-connectors (the POS's answers); read by order-service.",
            Topics.UNITS_COMMANDS, "Written by order-service; read by the units (and their simulator).",
            Topics.UNITS_EVENTS, "Written by the units; read by inventory-service and order-service.",
            Topics.PARTNERS_ACCESS, "Written by menu-service (the partner administration); read by order-service, which checks partner keys itself.",
            Topics.CONNECTORS_POS, "Written by proxy-connectors; read by menu-service.");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ObjectMapper mapper;
    private final JsonNode samples;
    private final Map<String, ObjectNode> schemas = new TreeMap<>();

    AsyncApiDocument(ObjectMapper mapper, JsonNode samples) {
        this.mapper = mapper;
        this.samples = samples;
    }

    ObjectNode build() {
        ObjectNode doc = JSON.objectNode();
        doc.put("asyncapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Rotender platform messages");
        info.put("version", "1.0.0");
        info.put("description", """
                Every Kafka topic of the Rotender platform and every message on it. Each record is a CloudEvents 1.0 event in \
                binary mode: the attributes as ce_* headers, the value the JSON envelope (eventId, type, source, time, \
                aggregateId, data). Consumers deduplicate on eventId and route on ce_type. Each consumed topic has a \
                <topic>.dlq holding what its consumer gave up, with the reason in the dead-letter-reason header. A record \
                carries the W3C traceparent of the trace it belongs to when tracing is on. Generated from the contracts module \
                (AsyncApiDocumentTest); do not edit by hand.""");
        doc.put("defaultContentType", "application/json");
        ObjectNode channels = doc.putObject("channels");
        ObjectNode components = JSON.objectNode();
        ObjectNode messages = components.putObject("messages");
        Map<String, ObjectNode> channelMessages = new LinkedHashMap<>();
        for (String topic : Topics.ALL) {
            ObjectNode channel = channels.putObject(topic);
            channel.put("address", topic);
            channel.put("description", PARTIES.get(topic) + " Record key: " + KEYS.get(topic) + ".");
            channelMessages.put(topic, channel.putObject("messages"));
            ObjectNode bindings = channel.putObject("bindings").putObject("kafka");
            bindings.put("topic", topic);
            bindings.put("bindingVersion", "0.5.0");
        }
        for (MessageType<?> type : Messages.ALL) {
            String name = type.name();
            if (messages.has(name)) {
                throw new IllegalStateException("two message types named " + name + ": the document keys messages by name");
            }
            ObjectNode message = messages.putObject(name);
            message.put("name", name);
            message.put("title", name + " on " + type.topic());
            message.putObject("headers").put("$ref", "#/components/schemas/CloudEventHeaders");
            message.putObject("payload").put("$ref", "#/components/schemas/" + envelope(type));
            ObjectNode key = message.putObject("bindings").putObject("kafka");
            key.putObject("key").put("type", "string").put("description", KEYS.get(type.topic()));
            key.put("bindingVersion", "0.5.0");
            channelMessages.get(type.topic()).putObject(name).put("$ref", "#/components/messages/" + name);
        }
        ObjectNode all = components.putObject("schemas");
        all.set("CloudEventHeaders", headers());
        schemas.forEach(all::set);
        doc.set("components", components);
        return doc;
    }

    private static ObjectNode headers() {
        ObjectNode headers = object("The CloudEvents attributes of the record (binary mode), and its trace context.");
        ObjectNode properties = headers.putObject("properties");
        properties.set("ce_id", text("The event id (the envelope's eventId).").put("format", "uuid"));
        properties.set("ce_type", text("The message type (the envelope's type): what consumers route on."));
        properties.set("ce_source", text("The service that wrote it."));
        properties.set("ce_time", text("When its transaction wrote it.").put("format", "date-time"));
        properties.set("ce_specversion", JSON.objectNode().put("const", "1.0"));
        properties.set("ce_subject", text("The aggregate it is about (the envelope's aggregateId), when it has one."));
        properties.set("ce_partnerid", text("The partner the message is about, when it is about one: a consumer serving some partners passes over the others unread."));
        properties.set("content-type", JSON.objectNode().put("const", "application/json"));
        properties.set("traceparent", text("W3C trace context of the trace the message belongs to (when tracing is on).")
                .put("pattern", "^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"));
        properties.set("tracestate", text("W3C trace state that came with the trace context, if any."));
        required(headers, "ce_id", "ce_type", "ce_source", "ce_time", "ce_specversion", "content-type");
        return headers;
    }

    /** The schema of a message's whole value: the envelope around its data. */
    private String envelope(MessageType<?> type) {
        String name = type.name() + "Message";
        ObjectNode schema = object("The value of a " + type.name() + " record: the event envelope.");
        ObjectNode properties = schema.putObject("properties");
        properties.set("eventId", text("Unique per event: what consumers deduplicate on.").put("format", "uuid"));
        properties.set("type", JSON.objectNode().put("const", type.name()));
        properties.set("source", text("The service that wrote it."));
        properties.set("time", text("When its transaction wrote it.").put("format", "date-time"));
        properties.set("aggregateId", nullable(text("The aggregate it is about (the record key's source).")));
        properties.set("data", ref(type.data(), sample(type)));
        required(schema, "eventId", "type", "source", "time", "data");
        schemas.put(name, schema);
        return name;
    }

    private JsonNode sample(MessageType<?> type) {
        JsonNode sample = samples.has(type.name()) ? samples.get(type.name()) : samples.get(type.data().getSimpleName());
        if (sample == null) {
            throw new IllegalStateException("no sample of " + type + " in samples.json");
        }
        return sample;
    }

    /** A reference to the schema of {@code record}, written once, learning from {@code sample} what it requires. */
    private ObjectNode ref(Class<?> record, JsonNode sample) {
        String name = schemaName(record);
        if (!schemas.containsKey(name)) {
            schemas.put(name, JSON.objectNode()); // reserved: a record refers to itself at most through this name
            schemas.put(name, recordSchema(record, sample));
        }
        return JSON.objectNode().put("$ref", "#/components/schemas/" + name);
    }

    /** {@code UnitCommands.RecipeLine}: the class that holds a record and the record, since two records may share a name. */
    static String schemaName(Class<?> record) {
        Class<?> outer = record.getEnclosingClass();
        return outer == null ? record.getSimpleName() : outer.getSimpleName() + "." + record.getSimpleName();
    }

    private ObjectNode recordSchema(Class<?> record, JsonNode sample) {
        ObjectNode schema = object(null);
        schema.put("title", schemaName(record));
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JSON.arrayNode();
        boolean skipsNulls = skipsNulls(record);
        for (RecordComponent component : record.getRecordComponents()) {
            String name = component.getName();
            JsonNode value = sample == null ? null : sample.get(name);
            ObjectNode property = schemaOf(component.getGenericType(), value);
            Absent absent = absent(record, sample, name);
            if (component.getType().isPrimitive() || absent == Absent.REFUSED) {
                required.add(name);
            } else if (absent == Absent.NULL && !skipsNulls) {
                property = nullable(property);
            }
            properties.set(name, property);
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        return schema;
    }

    private enum Absent { REFUSED, NULL, DEFAULTED }

    /** What the record makes of its sample without {@code property}: refused, left null, or given a default. */
    private Absent absent(Class<?> record, JsonNode sample, String property) {
        if (!(sample instanceof ObjectNode object)) {
            return Absent.NULL;
        }
        ObjectNode without = object.deepCopy();
        without.remove(property);
        try {
            JsonNode written = mapper.valueToTree(mapper.treeToValue(without, record));
            JsonNode value = written.get(property);
            return value == null || value.isNull() ? Absent.NULL : Absent.DEFAULTED;
        } catch (Exception e) {
            return Absent.REFUSED;
        }
    }

    private static boolean skipsNulls(Class<?> record) {
        var include = record.getAnnotation(com.fasterxml.jackson.annotation.JsonInclude.class);
        return include != null && include.value() == com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;
    }

    private ObjectNode schemaOf(Type type, JsonNode sample) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                ObjectNode array = JSON.objectNode().put("type", "array");
                array.set("items", schemaOf(arguments[0], sample != null && sample.isArray() && !sample.isEmpty() ? sample.get(0) : null));
                return array;
            }
            if (Map.class.isAssignableFrom(raw)) {
                ObjectNode map = JSON.objectNode().put("type", "object");
                map.set("additionalProperties", schemaOf(arguments[1], null));
                return map;
            }
            throw new IllegalStateException("no schema for " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return JSON.objectNode().put("type", "string");
        }
        if (c == UUID.class) {
            return JSON.objectNode().put("type", "string").put("format", "uuid");
        }
        if (c == Instant.class) {
            return JSON.objectNode().put("type", "string").put("format", "date-time");
        }
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            return JSON.objectNode().put("type", "integer");
        }
        if (c == BigDecimal.class || c == double.class || c == Double.class) {
            return JSON.objectNode().put("type", "number");
        }
        if (c == boolean.class || c == Boolean.class) {
            return JSON.objectNode().put("type", "boolean");
        }
        if (c == JsonNode.class) {
            return JSON.objectNode().put("type", "object").put("description",
                    "The whole order as partners see it: the Order of the partner API (docs/openapi/order-service.json, OrderView)");
        }
        if (c.isEnum()) {
            ObjectNode e = JSON.objectNode().put("type", "string");
            ArrayNode values = e.putArray("enum");
            for (Object constant : c.getEnumConstants()) {
                values.add(mapper.valueToTree(constant).asText());
            }
            return e;
        }
        if (c.isRecord()) {
            return ref(c, sample);
        }
        throw new IllegalStateException("no schema for " + c + ": add its mapping to AsyncApiDocument");
    }

    private static ObjectNode object(String description) {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        if (description != null) {
            schema.put("description", description);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static ObjectNode text(String description) {
        return JSON.objectNode().put("type", "string").put("description", description);
    }

    /** {@code schema} or null: a reference or a typed schema alike. */
    private static ObjectNode nullable(ObjectNode schema) {
        if (schema.has("type") && schema.get("type").isTextual()) {
            ArrayNode types = JSON.arrayNode().add(schema.get("type").asText()).add("null");
            schema.set("type", types);
            return schema;
        }
        ObjectNode either = JSON.objectNode();
        either.putArray("oneOf").add(schema).add(JSON.objectNode().put("type", "null"));
        return either;
    }

    private static void required(ObjectNode schema, String... names) {
        ArrayNode required = schema.putArray("required");
        for (String name : names) {
            required.add(name);
        }
    }
}
