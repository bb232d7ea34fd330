package io.rotender.platform.deadletters;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dead-letter topics this service's channels write to, each with the topic its messages came from: every
 * incoming channel whose {@code failure-strategy} is {@code dead-letter-queue}; a channel of one {@code topic} writes to
 * its {@code dead-letter-queue.topic} (else SmallRye's default {@code dead-letter-topic-<topic>}), a channel of several
 * {@code topics} (a {@link io.rotender.platform.consumer.ChannelRouter}) to each topic's own {@link #of(String)}.
 * Several services share one dead-letter topic when they consume the same topic; the consumer named in each message's
 * reason tells whose it is.
 */
@ApplicationScoped
public class DeadLetterTopics {

    private static final Pattern STRATEGY = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.failure-strategy");

    private final Map<String, String> originals = new TreeMap<>();

    public DeadLetterTopics(Config config) {
        for (String name : config.getPropertyNames()) {
            Matcher m = STRATEGY.matcher(name);
            if (!m.matches() || !"dead-letter-queue".equals(config.getOptionalValue(name, String.class).orElse(""))) {
                continue;
            }
            String channel = "mp.messaging.incoming." + m.group(1) + ".";
            Optional<String> topics = config.getOptionalValue(channel + "topics", String.class);
            if (topics.isPresent()) {
                for (String topic : topics.get().split(",")) {
                    originals.put(of(topic.trim()), topic.trim());
                }
                continue;
            }
            String topic = config.getOptionalValue(channel + "topic", String.class).orElse(m.group(1));
            String dlq = config.getOptionalValue(channel + "dead-letter-queue.topic", String.class).orElse("dead-letter-topic-" + topic);
            originals.put(dlq, topic);
        }
    }

    /** The dead-letter topic of {@code topic}: {@code <topic>.dlq} (deploy/topics.conf has one for every consumed topic). */
    public static String of(String topic) {
        return topic + ".dlq";
    }

    /** Dead-letter topic to the topic its messages came from, sorted by name. */
    public Map<String, String> all() {
        return Map.copyOf(originals);
    }

    /** The topic whose messages {@code deadLetterTopic} holds, if it is one of this service's dead-letter topics. */
    public Optional<String> originalOf(String deadLetterTopic) {
        return Optional.ofNullable(originals.get(deadLetterTopic));
    }
}
