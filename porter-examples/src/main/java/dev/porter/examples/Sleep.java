package dev.porter.examples;

import dev.porter.JobFunction;
import dev.porter.PermanentFailure;
import java.time.Duration;

/** {@code sleep}: sleeps {@code seconds} (interrupted by an abort or a timeout), then says how long. */
public final class Sleep {
    public record Args(double seconds) {}

    public record Slept(double seconds) {}

    public static final JobFunction<Args, Slept> FUNCTION = JobFunction.of("sleep", Args.class, (ctx, a) -> {
        if (a.seconds() < 0 || a.seconds() > 3600) {
            throw new PermanentFailure("seconds must be 0 to 3600, was " + a.seconds());
        }
        Thread.sleep(Duration.ofMillis(Math.round(a.seconds() * 1000)));
        return new Slept(a.seconds());
    });

    private Sleep() {}
}
