package dev.porter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.JobFunction;
import dev.porter.PermanentFailure;
import java.util.List;

/**
 * What {@code porter worker} serves without {@code --app}: enough to smoke-test a store or a
 * deployment from the shell, and to benchmark it.
 */
final class BuiltinFunctions {
    private BuiltinFunctions() {}

    /** Does nothing, whatever its args. */
    static final JobFunction<JsonNode, Void> NOOP = JobFunction.ofJson("noop", (ctx, args) -> null);

    /** Returns its args. */
    static final JobFunction<JsonNode, JsonNode> ECHO = JobFunction.ofJson("echo", (ctx, args) -> args);

    /** Sleeps for its args, a number of seconds; an abort or timeout interrupts it. */
    static final JobFunction<Double, Void> SLEEP = JobFunction.of("sleep", double.class, (ctx, seconds) -> {
        if (seconds < 0 || seconds.isNaN()) {
            throw new PermanentFailure("sleep needs a number of seconds >= 0, got " + seconds);
        }
        Thread.sleep(Math.round(seconds * 1000));
        return null;
    });

    /** Always throws, with its args (a string) as the message: for trying retries and failures. */
    static final JobFunction<String, Void> FAIL = JobFunction.of("fail", String.class, (ctx, message) -> {
        throw new IllegalStateException(message == null ? "failed on purpose" : message);
    });

    static List<JobFunction<?, ?>> all() {
        return List.of(NOOP, ECHO, SLEEP, FAIL);
    }
}
