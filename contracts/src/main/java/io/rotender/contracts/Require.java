package io.rotender.contracts;

/**
 * Checks a message's records make on construction: a message without what identifies it cannot be built by a
 * producer nor read by a consumer (reading it fails, and the consumer's chassis dead-letters it).
 */
public final class Require {

    private Require() {
    }

    /** {@code value}, which must be non-blank text. */
    public static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** {@code value}, which must not be below zero. */
    public static int notNegative(int value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative");
        }
        return value;
    }
}
