package io.rotender.systemtests.security;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the platform holds, to compare before and after the hostile requests: a digest of every table of
 * every service database (without the columns that heartbeats, polls and relays touch on their own) and the
 * end offset of every topic (without the units' heartbeat topic). Bookkeeping tables (the outbox, processed
 * event ids, Flyway's history) are left out: they change with every relay round and cleanup.
 */
final class StateSnapshot {

    static final List<String> IGNORED_TABLES = List.of("outbox_event", "processed_event", "flyway_schema_history");
    static final List<String> IGNORED_COLUMNS = List.of("updated_at", "last_heartbeat_at", "last_success", "last_error",
            "last_error_at", "next_attempt_at", "event_time");
    static final List<String> IGNORED_TOPICS = List.of("rotender.units.events");

    private StateSnapshot() {
    }

    static Map<String, String> take(String jdbcBase, List<String> databases, String kafka) throws Exception {
        Map<String, String> state = new TreeMap<>();
        for (String db : databases) {
            try (Connection c = DriverManager.getConnection(jdbcBase + db, "postgres", "")) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
                    while (rs.next()) {
                        if (!IGNORED_TABLES.contains(rs.getString(1))) {
                            tables.add(rs.getString(1));
                        }
                    }
                }
                String drop = IGNORED_COLUMNS.stream().map(col -> " - '" + col + "'").reduce("", String::concat);
                for (String table : tables) {
                    try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*), coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') "
                            + "FROM (SELECT to_jsonb(t)" + drop + " AS r FROM \"" + table + "\" t) rows")) {
                        rs.next();
                        state.put("db " + db + "." + table, rs.getLong(1) + " rows, digest " + rs.getString(2));
                    }
                }
            }
        }
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka);
        props.put("key.deserializer", ByteArrayDeserializer.class.getName());
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.listTopics().forEach((topic, infos) -> {
                if (topic.startsWith("rotender.") && !IGNORED_TOPICS.contains(topic)) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            });
            Map<String, Long> ends = new TreeMap<>();
            consumer.endOffsets(partitions).forEach((tp, offset) -> ends.merge(tp.topic(), offset, Long::sum));
            ends.forEach((topic, offset) -> state.put("topic " + topic, offset + " records"));
        }
        return state;
    }

    /** What differs between two snapshots, one line each. */
    static List<String> differences(Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        for (String key : before.keySet()) {
            if (!before.get(key).equals(after.get(key))) {
                out.add(key + ": " + before.get(key) + " -> " + after.get(key));
            }
        }
        for (String key : after.keySet()) {
            if (!before.containsKey(key)) {
                out.add(key + ": new, " + after.get(key));
            }
        }
        return out;
    }
}
