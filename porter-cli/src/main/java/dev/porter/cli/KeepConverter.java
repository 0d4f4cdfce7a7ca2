package dev.porter.cli;

import dev.porter.JobOptions;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** A keep-result: a duration, or {@code forever}. */
final class KeepConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
        return "forever".equalsIgnoreCase(text.strip()) ? JobOptions.FOREVER : DurationConverter.parse(text);
    }
}
