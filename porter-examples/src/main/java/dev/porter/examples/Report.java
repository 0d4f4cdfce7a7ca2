package dev.porter.examples;

import dev.porter.JobFunction;
import dev.porter.PermanentFailure;
import java.time.Duration;

/** {@code report}: works through {@code steps} steps, reporting progress after each. */
public final class Report {
    public record Args(int steps) {}

    public record Done(int steps) {}

    static final Duration STEP = Duration.ofMillis(300);
    static final int MAX_STEPS = 1000;

    public static final JobFunction<Args, Done> FUNCTION = JobFunction.of("report", Args.class, (ctx, a) -> {
        if (a.steps() < 1 || a.steps() > MAX_STEPS) {
            throw new PermanentFailure("steps must be 1 to " + MAX_STEPS + ", was " + a.steps());
        }
        for (int i = 1; i <= a.steps(); i++) {
            Thread.sleep(STEP);
            ctx.progress((double) i / a.steps(), "step " + i + " of " + a.steps());
        }
        return new Done(a.steps());
    });

    private Report() {}
}
