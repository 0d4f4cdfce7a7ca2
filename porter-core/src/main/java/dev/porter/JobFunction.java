package dev.porter;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.json.Json;
import java.time.Duration;

/**
 * A named job function: its argument type (bound from the job's JSON args), its code, and its
 * defaults, which win over the worker's and lose to a job's own options.
 *
 * <pre>{@code
 * record Resize(String url, int width) {}
 * JobFunction<Resize, String> resize = JobFunction.of("resize", Resize.class, (ctx, a) -> ...)
 *         .withTimeout(Duration.ofMinutes(2)).withMaxTries(3);
 * }</pre>
 *
 * @param maxTries   null: the worker's default
 * @param timeout    null: the worker's default
 * @param keepResult null: the worker's default
 * @param rateLimit  null: no limit; else each try first takes a permit of this shared limiter
 * @param rateKey    which permits of the limiter a job uses, from its args (e.g. the URL's host); null: one global bucket
 */
public record JobFunction<A, R>(
        String name,
        JavaType argType,
        JobHandler<A, R> handler,
        Integer maxTries,
        Duration timeout,
        Duration keepResult,
        RateLimit rateLimit,
        java.util.function.Function<A, String> rateKey) {

    public JobFunction {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a job function needs a name");
        }
        if (argType == null || handler == null) {
            throw new IllegalArgumentException("job function '" + name + "' needs an argument type and a handler");
        }
    }

    public static <A, R> JobFunction<A, R> of(String name, Class<A> argType, JobHandler<A, R> handler) {
        return new JobFunction<>(name, Json.type(argType), handler, null, null, null, null, null);
    }

    public static <A, R> JobFunction<A, R> of(String name, TypeReference<A> argType, JobHandler<A, R> handler) {
        return new JobFunction<>(name, Json.mapper().constructType(argType), handler, null, null, null, null, null);
    }

    /** A function taking its args as a raw JSON tree. */
    public static <R> JobFunction<JsonNode, R> ofJson(String name, JobHandler<JsonNode, R> handler) {
        return of(name, JsonNode.class, handler);
    }

    public JobFunction<A, R> withMaxTries(int maxTries) {
        return new JobFunction<>(name, argType, handler, maxTries, timeout, keepResult, rateLimit, rateKey);
    }

    public JobFunction<A, R> withTimeout(Duration timeout) {
        return new JobFunction<>(name, argType, handler, maxTries, timeout, keepResult, rateLimit, rateKey);
    }

    public JobFunction<A, R> withKeepResult(Duration keepResult) {
        return new JobFunction<>(name, argType, handler, maxTries, timeout, keepResult, rateLimit, rateKey);
    }

    /** Every try of this function first takes a permit of {@code limit}, one bucket for all jobs. */
    public JobFunction<A, R> withRateLimit(RateLimit limit) {
        return new JobFunction<>(name, argType, handler, maxTries, timeout, keepResult, limit, null);
    }

    /** Every try first takes a permit of {@code limit} from the bucket of {@code key(args)}, e.g. a URL's host. */
    public JobFunction<A, R> withRateLimit(RateLimit limit, java.util.function.Function<A, String> key) {
        return new JobFunction<>(name, argType, handler, maxTries, timeout, keepResult, limit, key);
    }

    /** Binds JSON args to this function's argument type; names the function when they do not fit. */
    public A bindArgs(String argsJson) {
        return Json.read(argsJson, argType, "args of '" + name + "'");
    }
}
