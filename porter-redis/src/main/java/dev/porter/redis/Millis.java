package dev.porter.redis;

import dev.porter.JobOptions;
import java.time.Duration;
import java.time.Instant;

/** Times and durations as the millisecond strings the scripts store; "" is absent, -1 is forever. */
final class Millis {
    static final String FOREVER = "-1";

    private Millis() {}

    static String of(Instant instant) {
        return instant == null ? "" : Long.toString(instant.toEpochMilli());
    }

    static String of(Duration duration) {
        if (duration == null) {
            return "";
        }
        if (duration.equals(JobOptions.FOREVER)) {
            return FOREVER;
        }
        try {
            return Long.toString(duration.toMillis());
        } catch (ArithmeticException tooLong) {
            return FOREVER;
        }
    }

    static Instant instant(String ms) {
        return ms == null || ms.isEmpty() ? null : Instant.ofEpochMilli(parse(ms));
    }

    static Duration duration(String ms) {
        if (ms == null || ms.isEmpty()) {
            return null;
        }
        return ms.equals(FOREVER) ? JobOptions.FOREVER : Duration.ofMillis(parse(ms));
    }

    static Integer integer(String value) {
        return value == null || value.isEmpty() ? null : Integer.valueOf(value);
    }

    /** Lua writes whole numbers of milliseconds, sometimes with a ".0" or in e-notation. */
    static long parse(String ms) {
        try {
            return Long.parseLong(ms);
        } catch (NumberFormatException notPlain) {
            return (long) Double.parseDouble(ms);
        }
    }
}
