package io.rotender.contracts;

/**
 * One kind of message: the topic it travels on, its type name (the envelope's {@code type} and the record's
 * {@code ce_type} header) and the record its {@code data} is read into. Producers publish and consumers route
 * by these constants, so a type name or a shape cannot differ between the two sides.
 *
 * @param topic the topic the message is written to
 * @param name  the type name, unique on its topic
 * @param data  the record of the message's data
 */
public record MessageType<T>(String topic, String name, Class<T> data) {

    public static <T> MessageType<T> of(String topic, String name, Class<T> data) {
        return new MessageType<>(topic, name, data);
    }

    @Override
    public String toString() {
        return name + " on " + topic;
    }
}
