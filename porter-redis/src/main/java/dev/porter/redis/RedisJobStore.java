package dev.porter.redis;

import dev.porter.Enqueued;
import dev.porter.JobInfo;
import dev.porter.JobStatus;
import dev.porter.RateLimit;
import dev.porter.spi.ClaimedJob;
import dev.porter.spi.JobEvent;
import dev.porter.spi.JobPage;
import dev.porter.spi.JobQuery;
import dev.porter.spi.JobStore;
import dev.porter.spi.Lease;
import dev.porter.spi.NewJob;
import dev.porter.spi.Outcome;
import dev.porter.spi.QueueCounts;
import dev.porter.spi.RenewResult;
import dev.porter.spi.WorkerRecord;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Redis store: each atomic step is one Lua script on the keys of one queue (see
 * {@code docs/redis.md} for the layout). Commands share one connection, which Lettuce pipelines
 * across threads; batched calls pipeline one script call per queue and wait for all replies.
 * Enqueues, claims and finishes take a free socket of {@link DirectCalls} instead, and a sleeping
 * worker blocks on one of its own ({@link WakeUps}).
 */
public final class RedisJobStore implements JobStore {
    /** Outcomes per finish.lua call: big batches, short script runs. */
    private static final int SCRIPT_BATCH = 1000;
    /**
     * Jobs per enqueue.lua call. A big batch goes out as several calls, pipelined, so Redis runs one
     * while the connection encodes the next; each job is still stored atomically on its own.
     */
    static final int ENQUEUE_CHUNK = 250;
    /** Jobs reaped or purged per script call; a sweep repeats until a call finds fewer. */
    private static final int SWEEP_LIMIT = 1000;
    /** awaitWork sleeps at most this long per BZPOPMIN (below the command timeout). */
    private static final Duration LONGEST_SLEEP = Duration.ofSeconds(5);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    /** How long what a draining claim saw may stand in for await.lua (it is used right after). */
    private static final long DRAINED_FRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Clock clock;
    private final String description;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;
    private final Calls calls;
    private final DirectCalls direct;
    private final WakeUps wakeUps;
    private final EventHub events;
    private final JobReader reader;
    private final WorkerRegistry workerRegistry;
    /** Per worker: what its last claim saw, when it took every due job (see afterDrainingClaim). */
    private final Map<String, ClaimCall.Drained> lastDrained = new ConcurrentHashMap<>();
    private boolean closed;

    private RedisJobStore(RedisURI uri, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.description = (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
        this.client = RedisClient.create(uri);
        // Fail fast while disconnected (the engine's loop retries) instead of queueing commands
        // for a server that may be gone; Lettuce reconnects in the background.
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        this.calls = new Calls(description, COMMAND_TIMEOUT.plusSeconds(1));
        try {
            this.connection = client.connect();
        } catch (RuntimeException e) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            throw new RedisStoreException("cannot connect to " + description + ": " + e.getMessage(), e);
        }
        this.redis = connection.async();
        this.direct = new DirectCalls(uri, description, COMMAND_TIMEOUT, DirectCalls.SOCKETS);
        this.wakeUps = new WakeUps(uri, redis, COMMAND_TIMEOUT);
        this.events = new EventHub(client, calls);
        this.reader = new JobReader(redis, calls, clock);
        this.workerRegistry = new WorkerRegistry(redis, calls, clock);
    }

    /** Opens the store at a {@code redis://[user:pass@]host:port/db} or {@code rediss://} URL. */
    public static RedisJobStore open(String url, Clock clock) {
        return new RedisJobStore(RedisURI.create(url), clock);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public List<Enqueued> enqueue(List<NewJob> jobs) {
        if (jobs.size() == 1) {
            return List.of(enqueueOne(jobs.get(0)));
        }
        Enqueued[] out = new Enqueued[jobs.size()];
        Map<String, Integer> first = new HashMap<>();
        Map<String, List<Integer>> byQueue = new LinkedHashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            if (first.putIfAbsent(jobs.get(i).id(), i) == null) {
                byQueue.computeIfAbsent(jobs.get(i).queue(), q -> new ArrayList<>()).add(i);
            }
        }
        String now = now();
        List<List<Integer>> chunks = new ArrayList<>();
        List<String[]> keys = new ArrayList<>();
        List<String[]> args = new ArrayList<>();
        byQueue.forEach((queue, indexes) -> {
            for (List<Integer> chunk : chunks(indexes, ENQUEUE_CHUNK)) {
                String[] chunkArgs = enqueueArgs(now, queue, chunk.size());
                for (int k = 0; k < chunk.size(); k++) {
                    JobHash.enqueueArgs(jobs.get(chunk.get(k)), chunkArgs, 3 + k * JobHash.ENQUEUE_FIELDS);
                }
                chunks.add(chunk);
                keys.add(enqueueKeys(queue));
                args.add(chunkArgs);
            }
        });
        List<Object> replies = awaitAll(Script.ENQUEUE, ScriptOutputType.MULTI, keys, args, "enqueue");
        for (int c = 0; c < chunks.size(); c++) {
            @SuppressWarnings("unchecked")
            List<Object> reply = (List<Object>) replies.get(c);
            List<Integer> chunk = chunks.get(c);
            for (int k = 0; k < chunk.size(); k++) {
                int i = chunk.get(k);
                out[i] = new Enqueued(jobs.get(i).id(), ((Long) reply.get(2 * k)) == 1,
                        JobStatus.fromWire(JobHash.str(reply.get(2 * k + 1))));
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) { // a repeat within the batch: the first one wins
                Enqueued winner = out[first.get(jobs.get(i).id())];
                out[i] = new Enqueued(winner.id(), false, winner.status());
            }
        }
        return List.of(out);
    }

    /**
     * One job, as the common single enqueue does it: enqueue_one.lua, which stores a new id in one
     * lean call; an id that exists already goes to enqueue.lua, which answers for it.
     */
    private Enqueued enqueueOne(NewJob job) {
        String[] keys = enqueueKeys(job.queue());
        String[] args = new String[2 + JobHash.ENQUEUE_FIELDS];
        args[0] = now();
        args[1] = job.queue();
        JobHash.enqueueArgs(job, args, 2);
        String status = awaitOne(Script.ENQUEUE_ONE, ScriptOutputType.VALUE, keys, args, "enqueue");
        if (status != null) {
            return new Enqueued(job.id(), true, JobStatus.fromWire(status));
        }
        String[] batchArgs = enqueueArgs(args[0], job.queue(), 1);
        JobHash.enqueueArgs(job, batchArgs, 3);
        List<Object> reply = awaitOne(Script.ENQUEUE, ScriptOutputType.MULTI, keys, batchArgs, "enqueue");
        return new Enqueued(job.id(), (Long) reply.get(0) == 1, JobStatus.fromWire((String) reply.get(1)));
    }

    /** A lone call its caller awaits: on a free direct socket, else pipelined. */
    private <T> T awaitOne(Script script, ScriptOutputType type, String[] keys, String[] args, String what) {
        return direct.callOr(script, keys, args, what, () -> calls.await(script.<T>call(redis, type, keys, args), what));
    }

    /**
     * Calls of one script that their caller awaits together: pipelined on a free direct socket, else
     * pipelined over Lettuce; their replies in order.
     */
    private List<Object> awaitAll(Script script, ScriptOutputType type, List<String[]> keys, List<String[]> args,
                                  String what) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return direct.callAllOr(script, keys, args, what, () -> {
            List<CompletableFuture<Object>> pending = new ArrayList<>(keys.size());
            for (int c = 0; c < keys.size(); c++) {
                pending.add(script.call(redis, type, keys.get(c), args.get(c)));
            }
            List<Object> replies = new ArrayList<>(keys.size());
            for (CompletableFuture<Object> reply : pending) {
                replies.add(calls.await(reply, what));
            }
            return replies;
        });
    }

    /** enqueue.lua's arguments for {@code count} jobs, the leading three filled in. */
    private static String[] enqueueArgs(String now, String queue, int count) {
        String[] args = new String[3 + count * JobHash.ENQUEUE_FIELDS];
        args[0] = now;
        args[1] = queue;
        args[2] = Integer.toString(count);
        return args;
    }

    private static String[] enqueueKeys(String queue) {
        return new String[] {Keys.queue(queue, "queued"), Keys.IDS};
    }

    @Override
    public List<ClaimedJob> claim(String workerId, List<String> queues, int max, Duration lease) {
        List<String> distinct = queues.stream().distinct().toList();
        if (max <= 0 || distinct.isEmpty()) {
            return List.of();
        }
        ClaimCall call = ClaimCall.of(workerId, distinct, max, lease, clock.millis(), null);
        // an interrupt must not drop the reply: its jobs would wait out their leases (a platform
        // thread's read of a direct socket does not see interrupts)
        return jobsOf(workerId, call, direct.callOr(Script.CLAIM, call.keys(), call.args(), "claim",
                () -> calls.awaitUninterruptibly(call.send(redis), "claim")));
    }

    /** The claimed jobs of a reply; a claim that took every due job is remembered for the next sleep. */
    private List<ClaimedJob> jobsOf(String workerId, ClaimCall call, List<Object> reply) {
        ClaimCall.Drained drained = call.drained(reply);
        if (drained != null) {
            lastDrained.put(workerId, drained);
        } else {
            lastDrained.remove(workerId);
        }
        return call.jobs(reply);
    }

    @Override
    @SuppressWarnings("unchecked")
    public RenewResult renew(String workerId, Collection<Lease> leases, Duration lease) {
        Set<String> lost = new HashSet<>();
        Set<String> aborts = new HashSet<>();
        Map<String, List<String>> byQueue = new LinkedHashMap<>();
        String now = now();
        for (Lease l : leases) {
            String queue = Tokens.queue(l.token());
            if (queue == null) {
                lost.add(l.jobId());
                continue;
            }
            byQueue.computeIfAbsent(queue, q -> new ArrayList<>(List.of(now, q, Long.toString(lease.toMillis()), workerId)))
                    .addAll(List.of(l.jobId(), l.token()));
        }
        List<CompletableFuture<List<Object>>> replies = byQueue.entrySet().stream()
                .map(e -> Script.RENEW.<List<Object>>call(redis, ScriptOutputType.MULTI,
                        new String[] {Keys.queue(e.getKey(), "active")}, e.getValue().toArray(String[]::new)))
                .toList();
        for (CompletableFuture<List<Object>> reply : replies) {
            List<Object> r = calls.await(reply, "renew");
            lost.addAll((List<String>) r.get(0));
            aborts.addAll((List<String>) r.get(1));
        }
        return new RenewResult(lost, aborts);
    }

    @Override
    public boolean[] finish(List<? extends Outcome> outcomes) {
        boolean[] applied = new boolean[outcomes.size()];
        Map<String, List<Integer>> byQueue = new LinkedHashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            String queue = Tokens.queue(outcomes.get(i).lease().token());
            if (queue != null) {
                byQueue.computeIfAbsent(queue, q -> new ArrayList<>()).add(i);
            }
        }
        String now = now();
        List<List<Integer>> chunks = new ArrayList<>();
        List<String[]> keys = new ArrayList<>();
        List<String[]> args = new ArrayList<>();
        byQueue.forEach((queue, indexes) -> {
            for (List<Integer> chunk : chunks(indexes, SCRIPT_BATCH)) {
                List<String> chunkArgs = new ArrayList<>(3 + chunk.size() * 7);
                chunkArgs.add(now);
                chunkArgs.add(queue);
                chunkArgs.add(Integer.toString(chunk.size()));
                chunk.forEach(i -> JobHash.finishArgs(outcomes.get(i), chunkArgs));
                chunks.add(chunk);
                keys.add(new String[] {Keys.queue(queue, "active")});
                args.add(chunkArgs.toArray(String[]::new));
            }
        });
        List<Object> replies = awaitAll(Script.FINISH, ScriptOutputType.MULTI, keys, args, "finish");
        for (int c = 0; c < chunks.size(); c++) {
            List<Integer> chunk = chunks.get(c);
            for (int k = 0; k < chunk.size(); k++) {
                applied[chunk.get(k)] = (Long) ((List<?>) replies.get(c)).get(k) == 1;
            }
        }
        return applied;
    }

    @Override
    public boolean progress(Lease lease, double fraction, String message) {
        String queue = Tokens.queue(lease.token());
        if (queue == null) {
            return false;
        }
        Long applied = calls.await(Script.PROGRESS.<Long>call(redis, ScriptOutputType.INTEGER,
                new String[] {Keys.job(queue, lease.jobId())}, now(), queue, lease.jobId(), lease.token(),
                Double.toString(fraction), message == null ? "" : message), "progress");
        return applied == 1;
    }

    @Override
    public boolean log(Lease lease, String line) {
        String queue = Tokens.queue(lease.token());
        if (queue == null) {
            return false;
        }
        String text = line == null ? "" : line.length() > MAX_LOG_LINE ? line.substring(0, MAX_LOG_LINE) : line;
        Long applied = calls.await(Script.LOG.<Long>call(redis, ScriptOutputType.INTEGER,
                new String[] {Keys.job(queue, lease.jobId())}, queue, lease.jobId(), lease.token(), text,
                Integer.toString(MAX_LOG_LINES)), "log");
        return applied == 1;
    }

    @Override
    public JobStatus abort(String id) {
        String queue = reader.queueOf(id);
        if (queue == null) {
            return JobStatus.NOT_FOUND;
        }
        String status = calls.await(Script.ABORT.<String>call(redis, ScriptOutputType.VALUE,
                new String[] {Keys.job(queue, id)}, now(), queue, id), "abort");
        return JobStatus.fromWire(status);
    }

    @Override
    public boolean retry(String id) {
        return byId(Script.RETRY, id, "retry");
    }

    @Override
    public boolean delete(String id) {
        return byId(Script.DELETE, id, "delete");
    }

    private boolean byId(Script script, String id, String what) {
        String queue = reader.queueOf(id);
        if (queue == null) {
            return false;
        }
        Long done = calls.await(script.<Long>call(redis, ScriptOutputType.INTEGER,
                new String[] {Keys.job(queue, id), Keys.IDS}, now(), queue, id), what);
        return done == 1;
    }

    @Override
    public int retryAll(String queue, JobStatus status) {
        if (status != JobStatus.FAILED && status != JobStatus.ABORTED) {
            throw new IllegalArgumentException("retryAll takes the dead letters (failed or aborted), not '"
                    + status.wireName() + "'");
        }
        String set = Keys.queue(queue, status.wireName());
        int total = 0;
        while (true) {
            List<Object> r = calls.await(Script.RETRY_ALL.<List<Object>>call(redis, ScriptOutputType.MULTI,
                    new String[] {set}, now(), queue, status.wireName(), Integer.toString(SWEEP_LIMIT)), "retry all");
            total += ((Long) r.get(0)).intValue();
            if ((Long) r.get(1) < SWEEP_LIMIT) {
                return total;
            }
        }
    }

    @Override
    public int purge(String queue, JobStatus status) {
        if (status != JobStatus.COMPLETE && status != JobStatus.FAILED && status != JobStatus.ABORTED) {
            throw new IllegalArgumentException("purge takes a finished status (complete, failed or aborted), not '"
                    + status.wireName() + "'");
        }
        String set = Keys.queue(queue, status.wireName());
        int total = 0;
        while (true) {
            List<Object> r = calls.await(Script.PURGE_STATUS.<List<Object>>call(redis, ScriptOutputType.MULTI,
                    new String[] {set}, now(), queue, Integer.toString(SWEEP_LIMIT)), "purge");
            total += ((Long) r.get(0)).intValue();
            if ((Long) r.get(1) < SWEEP_LIMIT) {
                return total;
            }
        }
    }

    @Override
    public void setPaused(String queue, boolean paused) {
        calls.await(Script.PAUSE.<Long>call(redis, ScriptOutputType.INTEGER, new String[] {Keys.paused(queue)},
                now(), queue, paused ? "1" : "0"), paused ? "pause" : "resume");
    }

    @Override
    public Duration reservePermit(RateLimit limit, String key) {
        double interval = limit.interval().toNanos() / 1e6;
        double tolerance = (limit.burst() - 1) * interval;
        Long waitMs = calls.await(Script.PERMIT.<Long>call(redis, ScriptOutputType.INTEGER,
                new String[] {Keys.limit(limit.name(), key == null ? "" : key)}, now(),
                Double.toString(interval), Double.toString(tolerance)), "reserve permit");
        return Duration.ofMillis(waitMs);
    }

    @Override
    public int reapExpiredLeases() {
        return sweep(Script.REAP, "reap");
    }

    @Override
    public int purgeExpired() {
        return sweep(Script.PURGE, "purge");
    }

    /** Runs a per-queue sweep on every queue (pipelined), again on those that hit the limit. */
    private int sweep(Script script, String what) {
        int total = 0;
        List<String> queues = reader.queueNames();
        while (!queues.isEmpty()) {
            String now = now();
            List<CompletableFuture<Long>> replies = queues.stream()
                    .map(q -> script.<Long>call(redis, ScriptOutputType.INTEGER,
                            new String[] {Keys.queue(q, "active"), Keys.IDS}, now, q, Integer.toString(SWEEP_LIMIT)))
                    .toList();
            List<String> again = new ArrayList<>();
            for (int i = 0; i < queues.size(); i++) {
                long n = calls.await(replies.get(i), what);
                total += (int) n;
                if (n >= SWEEP_LIMIT) {
                    again.add(queues.get(i));
                }
            }
            queues = again;
        }
        return total;
    }

    @Override
    public Optional<JobInfo> get(String id) {
        return reader.get(id);
    }

    @Override
    public JobPage list(JobQuery query) {
        return reader.list(query);
    }

    @Override
    public List<QueueCounts> queues() {
        return reader.queues();
    }

    @Override
    public void awaitWork(List<String> queues, Duration maxWait) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (queues.isEmpty()) {
            Thread.sleep(Math.min(maxWait.toMillis(), LONGEST_SLEEP.toMillis()));
            return;
        }
        Readiness ready = readiness(queues, maxWait);
        if (ready.sleepMs() > 0) {
            wakeUps.sleep(queues, Duration.ofMillis(ready.sleepMs()));
        }
    }

    /**
     * Sends the claim along with the wait, on the same wake-up connection right behind its BZPOPMIN,
     * so Redis runs it the moment the wait ends: a job enqueued for an idle worker is claimed without
     * a round trip from the worker (docs/redis.md, Wake-ups).
     */
    @Override
    public List<ClaimedJob> awaitAndClaim(String workerId, List<String> queues, int max, Duration lease,
                                          Duration maxWait) throws InterruptedException {
        List<String> distinct = queues.stream().distinct().toList();
        if (max <= 0 || distinct.isEmpty()) {
            awaitWork(distinct, maxWait);
            return List.of();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Readiness ready = afterDrainingClaim(workerId, distinct, maxWait);
        if (ready == null) {
            ready = readiness(distinct, maxWait);
        }
        if (ready.sleepMs() <= 0) {
            return claim(workerId, distinct, max, lease);
        }
        ClaimCall call = ClaimCall.of(workerId, distinct, max, lease, ready.now(), ready.redisTime());
        Duration sleep = Duration.ofMillis(ready.sleepMs());
        return jobsOf(workerId, call, wakeUps.sleepThenRun(distinct, sleep, Script.CLAIM, call.keys(), call.args()));
    }

    /**
     * What this worker's last claim saw when it took every due job of these queues, moments ago: it
     * cleared the stale markers as await.lua would, so the worker may sleep at once, a round trip
     * sooner. Any job enqueued since has added a marker, which ends the sleep at once. Null when
     * there is no such claim, or it is too old to stand in for a fresh look.
     */
    private Readiness afterDrainingClaim(String workerId, List<String> queues, Duration maxWait) {
        ClaimCall.Drained d = lastDrained.remove(workerId);
        if (d == null || !d.queues().equals(queues) || System.nanoTime() - d.seenAt() > DRAINED_FRESH_NANOS) {
            return null;
        }
        long wait = Math.min(maxWait.toMillis(), LONGEST_SLEEP.toMillis());
        if (d.nextDue() >= 0) {
            wait = Math.min(wait, d.nextDue() - clock.millis());
        }
        return new Readiness(Math.max(0, wait), d.now(), d.redisTime());
    }

    /**
     * What await.lua says of the queues: how long a worker may sleep (0 when a job is due), with the
     * store clock's time it asked at and the Redis TIME when it ran.
     */
    private record Readiness(long sleepMs, long now, String[] redisTime) {}

    private Readiness readiness(List<String> queues, Duration maxWait) throws InterruptedException {
        long now = clock.millis();
        String nowText = Long.toString(now);
        List<CompletableFuture<List<Object>>> replies = new ArrayList<>(queues.size());
        for (String q : queues) {
            replies.add(Script.AWAIT.call(redis, ScriptOutputType.MULTI, new String[] {Keys.marker(q)}, nowText, q));
        }
        long wait = Math.min(maxWait.toMillis(), LONGEST_SLEEP.toMillis());
        String[] redisTime = null;
        for (CompletableFuture<List<Object>> reply : replies) {
            List<Object> r = calls.awaitInterruptibly(reply, "check for work");
            long nextDue = (Long) r.get(0);
            redisTime = new String[] {(String) r.get(1), (String) r.get(2)};
            if (nextDue == -1) {
                wait = 0;
            } else if (nextDue >= 0) {
                wait = Math.min(wait, nextDue - now);
            }
        }
        return new Readiness(Math.max(0, wait), now, redisTime);
    }

    @Override
    public AutoCloseable subscribe(Set<JobEvent.Kind> kinds, Consumer<JobEvent> listener) {
        return events.subscribe(kinds, listener);
    }

    @Override
    public void heartbeat(WorkerRecord worker, Duration ttl) {
        workerRegistry.heartbeat(worker, ttl);
    }

    @Override
    public void removeWorker(String workerId) {
        lastDrained.remove(workerId);
        workerRegistry.remove(workerId);
    }

    @Override
    public List<WorkerRecord> workers() {
        return workerRegistry.alive();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        events.close();
        wakeUps.close();
        direct.close();
        connection.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private String now() {
        return Long.toString(clock.millis());
    }

    private static List<List<Integer>> chunks(List<Integer> all, int size) {
        List<List<Integer>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += size) {
            chunks.add(all.subList(from, Math.min(all.size(), from + size)));
        }
        return chunks;
    }
}
