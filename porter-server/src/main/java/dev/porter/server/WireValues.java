package dev.porter.server;

import dev.porter.Durations;
import dev.porter.JobOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Parses the value types of the API: durations ({@code 250ms}, {@code 10s}, {@code 5m}, {@code 2h},
 * {@code 1d}, or ISO-8601 {@code PT10S}) and instants (ISO-8601, with an offset). Each failure names
 * the field and shows the expected form.
 */
final class WireValues {
    /** Longer durations and later instants are refused: they would overflow when added to now or stored. */
    static final Duration MAX_DURATION = Duration.ofDays(100 * 365);
    static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59Z");

    private WireValues() {}

    static Duration duration(String field, String text) {
        Duration d = parseDuration(field, text);
        if (d.compareTo(MAX_DURATION) > 0) {
            throw ApiException.badRequest(field, field + ": '" + text + "' is longer than the limit of "
                    + MAX_DURATION.toDays() + " days");
        }
        return d;
    }

    private static Duration parseDuration(String field, String text) {
        return Durations.parse(text).orElseGet(() -> {
            try {
                return Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest(field, field + ": '" + text
                        + "' is not a duration; use a number with ms, s, m, h or d (e.g. 10s) or ISO-8601 (PT10S)");
            }
        });
    }

    static Instant instant(String field, String text) {
        Instant at;
        try {
            at = OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, field + ": '" + text
                    + "' is not an instant; use ISO-8601 with an offset, e.g. 2030-01-01T12:00:00Z");
        }
        if (at.isBefore(Instant.EPOCH) || at.isAfter(MAX_INSTANT)) {
            throw ApiException.badRequest(field, field + ": '" + text + "' is outside 1970 to 9999");
        }
        return at;
    }

    /** Shows a duration the way the API accepts it; {@code forever} for a result kept forever. */
    static String show(Duration d) {
        if (d == null) {
            return null;
        }
        return d.equals(JobOptions.FOREVER) ? "forever" : d.toString();
    }
}
