package io.rotender.platform.config;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * The Kafka cluster, from {@code ROTENDER_KAFKA_BOOTSTRAP_SERVERS} in production: a comma-separated list of
 * {@code host:port}. A missing or malformed value stops start-up with a message naming the setting.
 */
@ConfigMapping(prefix = "rotender.kafka")
public interface KafkaSettings {

    /** Bootstrap servers of the Kafka cluster. */
    @NotBlank
    @Pattern(regexp = "[A-Za-z0-9._\\-\\[\\]:]+:\\d{1,5}(,[A-Za-z0-9._\\-\\[\\]:]+:\\d{1,5})*",
            message = "must be a comma-separated list of host:port")
    String bootstrapServers();
}
