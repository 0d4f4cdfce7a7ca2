package dev.porter.worker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** How long a failed try waits before the next one. */
@FunctionalInterface
public interface Backoff {
    /** The delay after try number {@code tryNumber} (1 for the first try) failed. */
    Duration delay(int tryNumber);

    /** The same delay after every try. */
    static Backoff fixed(Duration delay) {
        return tryNumber -> delay;
    }

    /**
     * {@code base * 2^(try-1)}, capped at {@code max}, then spread by {@code jitter} (0.25: ±25%) so
     * that jobs which failed together do not all come back at the same instant.
     */
    static Backoff exponential(Duration base, Duration max, double jitter) {
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
        }
        return tryNumber -> {
            int shift = Math.min(Math.max(tryNumber - 1, 0), 40);
            long millis = Math.min(max.toMillis(), base.toMillis() << shift);
            if (millis < 0) {
                millis = max.toMillis();
            }
            double spread = jitter == 0 ? 1 : 1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
            return Duration.ofMillis(Math.round(millis * spread));
        };
    }

    /** The default: 1 s doubling up to 1 h, ±25% jitter. */
    static Backoff standard() {
        return exponential(Duration.ofSeconds(1), Duration.ofHours(1), 0.25);
    }
}
