package io.rotender.local;

/** The end-to-end checks' verdicts: a failed expectation prints {@code FAILED: ...} and ends the process with 1. */
final class Checks {

    private Checks() {
    }

    static void check(boolean condition, String what) {
        if (!condition) {
            throw fail(what);
        }
    }

    static IllegalStateException fail(String message) {
        System.out.println("FAILED: " + message);
        System.exit(1);
        return new IllegalStateException(message);
    }
}
