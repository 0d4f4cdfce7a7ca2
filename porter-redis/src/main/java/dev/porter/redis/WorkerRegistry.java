package dev.porter.redis;

import dev.porter.spi.WorkerRecord;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Worker health records: JSON in one hash, and when each stops counting as alive in a sorted set. */
final class WorkerRegistry {
    private static final String[] KEYS = {Keys.WORKERS, Keys.WORKERS_ALIVE};

    private final RedisAsyncCommands<String, String> redis;
    private final Calls calls;
    private final Clock clock;

    WorkerRegistry(RedisAsyncCommands<String, String> redis, Calls calls, Clock clock) {
        this.redis = redis;
        this.calls = calls;
        this.clock = clock;
    }

    void heartbeat(WorkerRecord worker, Duration ttl) {
        calls.await(Script.HEARTBEAT.call(redis, ScriptOutputType.INTEGER, KEYS, worker.id(), Json.worker(worker),
                Long.toString(worker.heartbeatAt().plus(ttl).toEpochMilli())), "heartbeat");
    }

    void remove(String workerId) {
        calls.await(Script.REMOVE_WORKER.call(redis, ScriptOutputType.INTEGER, KEYS, workerId), "remove worker");
    }

    List<WorkerRecord> alive() {
        List<Object> json = calls.await(Script.WORKERS.call(redis, ScriptOutputType.MULTI, KEYS,
                Long.toString(clock.millis())), "list workers");
        return json.stream()
                .filter(Objects::nonNull)
                .map(j -> Json.worker(j.toString()))
                .sorted(Comparator.comparing(WorkerRecord::id))
                .toList();
    }
}
