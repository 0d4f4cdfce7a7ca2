package dev.porter.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --wait [DURATION]}: how long to wait for a job's result; alone, as long as it takes. */
final class WaitOption {
    // Alone, "as long as it takes": a year is beyond any job and still fits deadline arithmetic in nanoseconds.
    @Option(names = "--wait", paramLabel = "DURATION", arity = "0..1", fallbackValue = "365d",
            converter = DurationConverter.class,
            description = "Wait this long for the result (alone: until it finishes).")
    Duration duration;
}
