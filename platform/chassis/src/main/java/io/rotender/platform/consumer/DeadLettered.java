package io.rotender.platform.consumer;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a consumer gave a message up, naming the consumer: its message ({@code <consumer>: <reason>}) becomes the
 * {@code dead-letter-reason} header of the dead-letter topic, which several services' consumers of one topic share;
 * the operator's listing ({@code GET /admin/dead-letters}) tells by it whose dead letter a message is. The original
 * failure stays the cause ({@code dead-letter-cause} and {@code dead-letter-cause-class-name}).
 */
public final class DeadLettered extends RuntimeException {

    private static final Pattern REASON = Pattern.compile("^([A-Za-z0-9._-]+): ");

    private final String consumer;

    private DeadLettered(String consumer, Throwable cause) {
        super(consumer + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause, false, false);
        this.consumer = consumer;
    }

    /** {@code failure}, tagged with the consumer that gives its message up (once: an already tagged failure is kept). */
    public static DeadLettered by(String consumer, Throwable failure) {
        return failure instanceof DeadLettered tagged ? tagged : new DeadLettered(consumer, failure);
    }

    public String consumer() {
        return consumer;
    }

    /** The consumer a {@code dead-letter-reason} names, if it was written by {@link #by}. */
    public static Optional<String> consumerOf(String reason) {
        if (reason == null) {
            return Optional.empty();
        }
        Matcher m = REASON.matcher(reason);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
