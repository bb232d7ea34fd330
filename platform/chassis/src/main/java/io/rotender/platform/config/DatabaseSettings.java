package io.rotender.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import java.util.Optional;

/**
 * The service's PostgreSQL connection, from {@code ROTENDER_DB_HOST}, {@code ROTENDER_DB_PORT},
 * {@code ROTENDER_DB_NAME}, {@code ROTENDER_DB_USER} and {@code ROTENDER_DB_PASSWORD} in production. A
 * missing or malformed value stops start-up with a message naming the setting.
 */
@ConfigMapping(prefix = "rotender.db")
public interface DatabaseSettings {

    /** Host name or address of the PostgreSQL server. */
    @NotBlank
    @Pattern(regexp = "[A-Za-z0-9._:\\-\\[\\]]+", message = "must be a host name or an IP address")
    String host();

    /** TCP port of the PostgreSQL server. */
    @WithDefault("5432")
    @Min(1)
    @Max(65535)
    int port();

    /** The database this service owns. */
    @NotBlank
    @Pattern(regexp = "[A-Za-z_][A-Za-z0-9_\\-]{0,62}", message = "must be a PostgreSQL database name")
    String name();

    /** The role the service logs in as. */
    @NotBlank
    String user();

    /** That role's password (from a Secret in Kubernetes); none for trust authentication. */
    Optional<String> password();
}
