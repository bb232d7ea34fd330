package io.rotender.platform.consumer;

/**
 * A message that can never be processed, however often it is retried (unreadable JSON, a missing event id,
 * data that breaks the contract). It is not retried: the channel's dead-letter queue takes it with this
 * message as the reason, and the partition moves on.
 */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String message) {
        super(message);
    }

    public PoisonMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
