package dev.porter;

import java.time.Duration;

/**
 * Thrown by a job to ask for another try after an explicit delay (ARQ's {@code Retry}), instead of
 * the worker's back-off. The try still counts against max tries.
 */
public class Retry extends RuntimeException {
    private final Duration delay;

    public Retry(Duration delay) {
        this(delay, "retry requested");
    }

    public Retry(Duration delay, String message) {
        super(message, null, false, false);
        this.delay = delay == null || delay.isNegative() ? Duration.ZERO : delay;
    }

    public Duration delay() {
        return delay;
    }
}
