package io.rotender.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rotender.platform.consumer.PoisonMessageException;
import io.rotender.platform.json.JsonSettings;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The JSON body of every Rotender event on Kafka: a unique event id (what consumers deduplicate on), the
 * event type, the producing service, when it happened, the id of the aggregate it concerns (also the
 * record key's source) and the event's data.
 */
public record EventEnvelope(UUID eventId, String type, String source, Instant time, String aggregateId, JsonNode data) {

    public static EventEnvelope of(String type, String source, String aggregateId, Object data, ObjectMapper mapper) {
        return new EventEnvelope(UUID.randomUUID(), type, source, Instant.now().truncatedTo(ChronoUnit.MICROS),
                aggregateId, mapper.valueToTree(data));
    }

    /** A required, non-blank text field of the data; without it the event is a poison message. */
    public String requiredText(String field) {
        JsonNode value = data == null ? null : data.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new PoisonMessageException(type + " event without " + field);
        }
        return value.asText();
    }

    /** The data read as the given type; data that does not fit the type is a poison message. */
    public <T> T dataAs(Class<T> type, ObjectMapper mapper) {
        try {
            return JsonSettings.lenient(mapper, type).readValue(data);
        } catch (Exception e) {
            throw new PoisonMessageException("Event " + eventId + " of type " + this.type + " has data that is not a valid "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
