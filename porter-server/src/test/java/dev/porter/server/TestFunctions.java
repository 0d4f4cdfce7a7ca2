package dev.porter.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.JobFunction;
import dev.porter.PermanentFailure;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** Job functions the server tests run in-process. */
final class TestFunctions {
    record Point(int x, int y) {}

    record Steps(int steps) {}

    /** {@code gated} jobs wait for this latch; tests replace it. */
    static volatile CountDownLatch gate = new CountDownLatch(0);
    /** {@code broken} jobs fail while this is set. */
    static final AtomicBoolean broken = new AtomicBoolean(true);

    static final JobFunction<JsonNode, JsonNode> ECHO = JobFunction.ofJson("echo", (ctx, a) -> a);
    static final JobFunction<Point, Integer> ADD = JobFunction.of("add", Point.class, (ctx, p) -> p.x() + p.y());
    static final JobFunction<JsonNode, String> BLOCK = JobFunction.ofJson("block", (ctx, a) -> {
        Thread.sleep(60_000);
        return "woke";
    });
    static final JobFunction<JsonNode, String> GATED = JobFunction.ofJson("gated", (ctx, a) -> {
        gate.await();
        return "passed";
    });
    static final JobFunction<Steps, Integer> STEPS = JobFunction.of("steps", Steps.class, (ctx, a) -> {
        gate.await();
        for (int i = 1; i <= a.steps(); i++) {
            Thread.sleep(20);
            ctx.progress((double) i / a.steps(), "step " + i);
        }
        return a.steps();
    });
    static final JobFunction<JsonNode, String> BROKEN = JobFunction.ofJson("broken", (ctx, a) -> {
        if (broken.get()) {
            throw new PermanentFailure("broken on purpose");
        }
        return "fixed";
    });

    static List<JobFunction<?, ?>> all() {
        return List.of(ECHO, ADD, BLOCK, GATED, STEPS, BROKEN);
    }

    private TestFunctions() {}
}
