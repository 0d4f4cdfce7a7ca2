package dev.porter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.internal.JobIds;
import dev.porter.internal.JobWatch;
import dev.porter.internal.UniqueWindow;
import dev.porter.json.Json;
import dev.porter.spi.JobStore;
import dev.porter.spi.NewJob;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hands jobs to the porter and picks up their results. Thread-safe; one per store is enough.
 *
 * <pre>{@code
 * PorterClient client = PorterClient.create(store);
 * String id = client.enqueue("resize", new Resize("https://...", 640)).id();
 * JsonNode result = client.result(id, Duration.ofSeconds(30));
 * }</pre>
 */
public final class PorterClient implements AutoCloseable {
    /** Default limit on a job's args, as UTF-8 JSON. */
    public static final int DEFAULT_MAX_ARGS_BYTES = 1 << 20;

    private final JobStore store;
    private final Clock clock;
    private final int maxArgsBytes;
    private final JobWatch watch;

    private PorterClient(JobStore store, int maxArgsBytes, Duration pollInterval) {
        this.store = store;
        this.clock = store.clock();
        this.maxArgsBytes = maxArgsBytes;
        this.watch = new JobWatch(store, pollInterval);
    }

    public static PorterClient create(JobStore store) {
        return builder(store).build();
    }

    public static Builder builder(JobStore store) {
        return new Builder(store);
    }

    public JobStore store() {
        return store;
    }

    public Enqueued enqueue(String function, Object args) {
        return enqueue(function, args, JobOptions.DEFAULTS);
    }

    public Enqueued enqueue(String function, Object args, JobOptions options) {
        return enqueueAll(List.of(new JobRequest(function, args, options))).get(0);
    }

    public <A> Enqueued enqueue(JobFunction<A, ?> function, A args, JobOptions options) {
        return enqueue(function.name(), args, options);
    }

    /** Enqueues args given as JSON text (CLI, HTTP); malformed JSON is refused naming the problem. */
    public Enqueued enqueueJson(String function, String argsJson, JobOptions options) {
        return enqueue(function, Json.parse(argsJson, "args"), options);
    }

    /** Enqueues many jobs in one store call; each is checked before any is stored. */
    public List<Enqueued> enqueueAll(List<JobRequest> requests) {
        return store.enqueue(prepare(requests));
    }

    /**
     * Checks requests and resolves them to the jobs {@link #enqueueAll} would store, storing nothing.
     *
     * @throws InvalidJobException naming the first field at fault
     */
    public List<NewJob> prepare(List<JobRequest> requests) {
        Instant now = clock.instant();
        List<NewJob> jobs = new ArrayList<>(requests.size());
        for (JobRequest r : requests) {
            jobs.add(toNewJob(r, now));
        }
        return jobs;
    }

    /** The job's status; {@link JobStatus#NOT_FOUND} for an unknown or expired id. */
    public JobStatus status(String id) {
        return store.get(id).map(JobInfo::status).orElse(JobStatus.NOT_FOUND);
    }

    public Optional<JobInfo> info(String id) {
        return store.get(id);
    }

    /**
     * Waits up to {@code wait} for the job to finish and returns its info then, or at the deadline
     * its current info (not finished).
     *
     * @throws JobNotFoundException for an unknown or expired id
     */
    public JobInfo await(String id, Duration wait) throws InterruptedException {
        return watch.await(id, wait);
    }

    /**
     * The job's result, waiting up to {@code wait} for it to finish.
     *
     * @throws JobFailedException    the job failed for good; carries the remote error
     * @throws JobAbortedException   the job was aborted
     * @throws JobNotFoundException  unknown or expired id
     * @throws ResultTimeoutException not finished within {@code wait}
     */
    public JsonNode result(String id, Duration wait) throws InterruptedException {
        JobInfo info = await(id, wait);
        return switch (info.status()) {
            case COMPLETE -> info.resultJson() == null ? Json.mapper().nullNode() : Json.parse(info.resultJson(), "result");
            case FAILED -> throw new JobFailedException(id, info.error());
            case ABORTED -> throw new JobAbortedException(id);
            default -> throw new ResultTimeoutException(id, info.status());
        };
    }

    /** Like {@link #result(String, Duration)}, bound to {@code type}. */
    public <R> R result(String id, Class<R> type, Duration wait) throws InterruptedException {
        return Json.mapper().convertValue(result(id, wait), type);
    }

    /** Aborts a pending job at once, or asks the worker running it to stop. @return the status after */
    public JobStatus abort(String id) {
        return store.abort(id);
    }

    /** Runs a failed or aborted job again. @return whether it was re-queued */
    public boolean retry(String id) {
        return store.retry(id);
    }

    @Override
    public void close() {
        watch.close();
    }

    private NewJob toNewJob(JobRequest r, Instant now) {
        JobOptions o = r.options();
        String argsJson = Json.write(r.args());
        int bytes = argsJson.length() > maxArgsBytes / 3 ? argsJson.getBytes(StandardCharsets.UTF_8).length : 0;
        if (bytes > maxArgsBytes) {
            throw new InvalidJobException("args", "is " + bytes + " bytes of JSON; the limit is " + maxArgsBytes);
        }
        Instant runAt = o.runAt() != null ? o.runAt() : o.deferBy() != null ? now.plus(o.deferBy()) : now;
        String queue = o.queue() != null ? o.queue() : JobOptions.DEFAULT_QUEUE;
        if (o.uniqueFor() == null) {
            if (o.uniqueKey() != null) {
                throw new InvalidJobException("uniqueKey", "needs uniqueFor (the window it is unique in)");
            }
            String id = o.id() != null ? o.id() : JobIds.next(clock);
            return new NewJob(id, r.function(), argsJson, queue, o.priority(), runAt, o.expiresAt(),
                    o.maxTries(), o.timeout(), o.keepResult());
        }
        if (o.id() != null) {
            throw new InvalidJobException("id", "cannot be given together with uniqueFor, which derives the id");
        }
        UniqueWindow unique = UniqueWindow.of(r.function(), argsJson, o.uniqueKey(), o.uniqueFor(), now);
        Duration keep = o.keepResult() != null && o.keepResult().compareTo(o.uniqueFor()) < 0 ? o.uniqueFor() : o.keepResult();
        return new NewJob(unique.id(), r.function(), argsJson, queue, o.priority(), runAt, o.expiresAt(),
                o.maxTries(), o.timeout(), keep);
    }

    public static final class Builder {
        private final JobStore store;
        private int maxArgsBytes = DEFAULT_MAX_ARGS_BYTES;
        private Duration pollInterval = Duration.ofMillis(200);

        private Builder(JobStore store) {
            this.store = store;
        }

        /** Largest args accepted, in bytes of UTF-8 JSON. */
        public Builder maxArgsBytes(int maxArgsBytes) {
            this.maxArgsBytes = maxArgsBytes;
            return this;
        }

        /**
         * How often a waiting {@link #await} re-reads the job in case its events cannot reach this
         * process (another process on the same SQLite file).
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        public PorterClient build() {
            return new PorterClient(store, maxArgsBytes, pollInterval);
        }
    }
}
