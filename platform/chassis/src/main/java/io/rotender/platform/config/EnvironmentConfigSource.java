package io.rotender.platform.config;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * A fixed set of properties the chassis derives from the environment at start (a value that a property file could
 * not express, such as "only when that variable is set"), under a name and an ordinal of its own.
 */
public abstract class EnvironmentConfigSource implements ConfigSource {

    private final String name;
    private final int ordinal;
    private final Map<String, String> properties;

    protected EnvironmentConfigSource(String name, int ordinal, Map<String, String> properties) {
        this.name = name;
        this.ordinal = ordinal;
        this.properties = Map.copyOf(properties);
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public int getOrdinal() {
        return ordinal;
    }
}
