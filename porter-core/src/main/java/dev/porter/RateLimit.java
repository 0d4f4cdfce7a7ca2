package dev.porter;

import java.time.Duration;

/**
 * A named limiter shared by every worker of a store: {@code permits} per {@code period}, with up to
 * {@code burst} at once after a quiet spell. Functions naming the same limiter share its permits; a
 * function may key it by its args (e.g. the host of a URL), giving each key its own permits.
 *
 * <p>It is a token bucket kept as one timestamp (GCRA): a job that finds no permit reserves the next
 * free one and is deferred to exactly that time, without holding a worker slot or spending a try. So
 * 1,000 jobs on a 12/min limiter become a schedule, not 1,000 jobs polling for a permit.
 */
public record RateLimit(String name, int permits, Duration period, int burst) {
    public RateLimit {
        if (name == null || !name.matches("[A-Za-z0-9_.:-]{1,100}")) {
            throw new IllegalArgumentException("rate limit name '" + name + "' must be 1-100 letters, digits or _ . : -");
        }
        if (permits < 1) {
            throw new IllegalArgumentException("rate limit '" + name + "' needs at least 1 permit, was " + permits);
        }
        if (period == null || period.toMillis() < 1) {
            throw new IllegalArgumentException("rate limit '" + name + "' needs a period of at least 1 ms, was " + period);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("rate limit '" + name + "' needs a burst of at least 1, was " + burst);
        }
    }

    /** {@code permits} per {@code period}, evenly spaced (burst 1). */
    public static RateLimit of(String name, int permits, Duration period) {
        return new RateLimit(name, permits, period, 1);
    }

    public RateLimit withBurst(int newBurst) {
        return new RateLimit(name, permits, period, newBurst);
    }

    /** The spacing between permits: period / permits. */
    public Duration interval() {
        return period.dividedBy(permits);
    }
}
