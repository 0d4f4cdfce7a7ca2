package dev.porter.cli;

import dev.porter.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations as people write them: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 1d}. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    static Duration parse(String text) {
        return Durations.parse(text).orElseThrow(() -> new TypeConversionException("'" + text
                + "' is not a duration; write a whole number and a unit: 500ms, 10s, 5m, 2h or 1d"));
    }

    static String format(Duration d) {
        return Durations.format(d);
    }
}
