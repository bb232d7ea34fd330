package io.rotender.local;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Creates the platform's topics from {@code deploy/topics.conf} (name, partitions, then key=value topic
 * configs), leaving existing ones as they are. Usage: {@code CreateTopics <bootstrap> <topics.conf>}.
 */
public final class CreateTopics {

    private CreateTopics() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: CreateTopics <bootstrap-servers> <topics.conf>");
            System.exit(2);
        }
        List<NewTopic> wanted = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            Map<String, String> configs = new HashMap<>();
            for (int i = 2; i < fields.length; i++) {
                String[] kv = fields[i].split("=", 2);
                configs.put(kv[0], kv[1]);
            }
            wanted.add(new NewTopic(fields[0], Integer.parseInt(fields[1]), (short) 1).configs(configs));
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            System.out.printf("Topics: %d created, %d already there%n", missing.size(), wanted.size() - missing.size());
        }
    }
}
