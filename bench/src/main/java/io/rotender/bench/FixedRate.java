package io.rotender.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * An open-model load: request {@code i} is due at {@code start + i / rate}, whatever the answers to the ones
 * before, and is timed from that scheduled instant, not from when the sending thread got round to it; a
 * platform (or a client) that stalls therefore shows its stall in every request that was due meanwhile
 * (no coordinated omission).
 */
final class FixedRate {

    /** What sends request {@code index}, due at {@code scheduledNanos} ({@link System#nanoTime()}). */
    interface Send {
        void send(long index, long scheduledNanos);
    }

    private FixedRate() {
    }

    /** Sends {@code rate * seconds} requests, each at its scheduled instant; returns once the last one was sent. */
    static void run(double rate, int seconds, Send send) {
        long period = (long) (1_000_000_000L / rate);
        long total = (long) (rate * seconds);
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            send.send(i, due);
        }
    }
}
