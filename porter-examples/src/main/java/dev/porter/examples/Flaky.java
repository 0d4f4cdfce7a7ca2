package dev.porter.examples;

import dev.porter.JobFunction;

/**
 * {@code flaky}: fails its first {@code n} tries, then succeeds; shows retries with back-off. It
 * allows up to 10 tries, so {@code n} up to 9 ends complete.
 */
public final class Flaky {
    public record Args(int n) {}

    public record Succeeded(int tries) {}

    public static final JobFunction<Args, Succeeded> FUNCTION = JobFunction.of("flaky", Args.class, (ctx, a) -> {
        if (ctx.tryNumber() <= a.n()) {
            throw new IllegalStateException("flaky: try " + ctx.tryNumber() + " fails (set to fail " + a.n() + " times)");
        }
        return new Succeeded(ctx.tryNumber());
    }).withMaxTries(10);

    private Flaky() {}
}
