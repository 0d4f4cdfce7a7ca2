package dev.porter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.JobFunction;

/** The functions bench jobs call. */
final class BenchFunctions {
    private BenchFunctions() {}

    static final JobFunction<JsonNode, Void> NOOP = JobFunction.ofJson("noop", (ctx, args) -> null);

    /** Sleeps for its args, in seconds. */
    static final JobFunction<Double, Void> SLEEP = JobFunction.of("sleep", double.class, (ctx, seconds) -> {
        Thread.sleep(Math.round(seconds * 1000));
        return null;
    });
}
