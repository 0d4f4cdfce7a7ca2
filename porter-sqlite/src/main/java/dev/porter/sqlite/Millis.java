package dev.porter.sqlite;

import dev.porter.JobOptions;
import java.time.Duration;
import java.time.Instant;

/**
 * Times are stored as epoch milliseconds and durations as milliseconds (integers sort and compare
 * cheaply in SQLite). Values beyond the range of a long saturate instead of failing.
 */
final class Millis {
    /** How a keep-result of {@link JobOptions#FOREVER} is stored. */
    static final long FOREVER = -1;

    private Millis() {}

    static long of(Instant instant) {
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static Long ofNullable(Instant instant) {
        return instant == null ? null : of(instant);
    }

    static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    /** {@code millis + duration}, stopping at the largest time instead of overflowing. */
    static long plus(long millis, Duration duration) {
        long sum = millis + ofDuration(duration);
        return sum < millis ? Long.MAX_VALUE : sum;
    }

    static Long ofDuration(Duration duration) {
        if (duration == null) {
            return null;
        }
        try {
            return duration.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    static Duration duration(Long millis) {
        return millis == null ? null : Duration.ofMillis(millis);
    }

    /** A keep-result; {@link JobOptions#FOREVER}, and anything too long to count, is stored as {@link #FOREVER}. */
    static Long ofKeep(Duration keep) {
        if (keep == null) {
            return null;
        }
        Long millis = ofDuration(keep);
        return keep.equals(JobOptions.FOREVER) || millis == Long.MAX_VALUE ? FOREVER : millis;
    }

    static Duration keep(Long millis) {
        if (millis == null) {
            return null;
        }
        return millis == FOREVER ? JobOptions.FOREVER : Duration.ofMillis(millis);
    }
}
