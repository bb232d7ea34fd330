package io.rotender.platform.deadletters;

import java.time.Instant;
import java.util.Map;

/**
 * One message of a dead-letter topic as an operator reads it: where it is, what it was (event id and type from its
 * CloudEvents headers, key, value), where it came from ({@code dead-letter-topic}, {@code -partition},
 * {@code -offset}), which consumer gave it up and why, and, for a message that was replayed before and failed
 * again, which dead letter it was replayed from. {@code headers} are the message's own headers, those a replay
 * sends again (without the {@code dead-letter-*} and {@code replayed-from} ones).
 */
public record DeadLetter(String topic, int partition, long offset, Instant deadLetteredAt, String key, String eventId,
                         String type, String consumer, boolean thisService, String reason, String cause,
                         String originalTopic, Integer originalPartition, Long originalOffset, String replayedFrom,
                         Map<String, String> headers, String value) {

    /** {@code topic/partition/offset}: the value of the {@code replayed-from} header a replay of this message carries. */
    public String position() {
        return topic + "/" + partition + "/" + offset;
    }
}
