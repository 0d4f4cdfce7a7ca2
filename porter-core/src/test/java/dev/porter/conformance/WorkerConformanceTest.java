package dev.porter.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.Enqueued;
import dev.porter.JobAbortedException;
import dev.porter.JobError;
import dev.porter.JobFailedException;
import dev.porter.JobFunction;
import dev.porter.JobInfo;
import dev.porter.JobOptions;
import dev.porter.JobStatus;
import dev.porter.PermanentFailure;
import dev.porter.PorterClient;
import dev.porter.ResultTimeoutException;
import dev.porter.Retry;
import dev.porter.spi.ClaimedJob;
import dev.porter.spi.JobStore;
import dev.porter.worker.Backoff;
import dev.porter.worker.JobEnd;
import dev.porter.worker.Worker;
import dev.porter.worker.WorkerHooks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The worker engine's side of the job contract, run against a real store: every store subclasses this
 * (as it does {@link JobStoreConformanceTest}) so the engine is proven on each of them. Time is real
 * here (timeouts, leases), so waits are short and bounded.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class WorkerConformanceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A fresh, empty store on the given clock. */
    protected abstract JobStore openStore(Clock clock);

    protected JobStore store;
    protected PorterClient client;
    private final List<Worker> workers = new ArrayList<>();

    public record Add(int a, int b) {}

    private final JobFunction<Add, Integer> add = JobFunction.of("add", Add.class, (ctx, a) -> a.a() + a.b());

    @BeforeEach
    void openStore() {
        store = openStore(Clock.systemUTC());
        client = PorterClient.builder(store).pollInterval(Duration.ofMillis(50)).build();
    }

    @AfterEach
    void closeAll() {
        workers.forEach(Worker::close);
        client.close();
        store.close();
    }

    private Worker start(Worker.Builder builder) {
        Worker w = builder.lease(Duration.ofSeconds(2)).gracePeriod(Duration.ofSeconds(2))
                .healthInterval(Duration.ofMillis(200)).build();
        workers.add(w);
        return w.start();
    }

    private Worker.Builder worker() {
        return Worker.builder(store).backoff(Backoff.fixed(Duration.ZERO)).function(add);
    }

    @Test
    void runsAJobAndKeepsItsTypedResult() throws Exception {
        start(worker());
        Enqueued e = client.enqueue("add", new Add(2, 3));
        assertThat(e.created()).isTrue();
        assertThat(client.result(e.id(), Integer.class, WAIT)).isEqualTo(5);
        JobInfo info = client.info(e.id()).orElseThrow();
        assertThat(info.status()).isEqualTo(JobStatus.COMPLETE);
        assertThat(info.tries()).isEqualTo(1);
        assertThat(info.startedAt()).isNotNull();
        assertThat(info.finishedAt()).isNotNull();
    }

    @Test
    void argsThatDoNotBindFailAtOnceNamingTheFunction() throws Exception {
        start(worker());
        String id = client.enqueueJson("add", "{\"a\": \"two\", \"b\": 1}", JobOptions.DEFAULTS).id();
        JobInfo info = client.await(id, WAIT);
        assertThat(info.status()).isEqualTo(JobStatus.FAILED);
        assertThat(info.tries()).isEqualTo(1);
        assertThat(info.error().type()).isEqualTo(JobError.BAD_ARGS);
        assertThat(info.error().message()).contains("add");
    }

    @Test
    void anUnknownFunctionFailsWithAClearError() throws Exception {
        start(worker());
        String id = client.enqueue("nope", Map.of()).id();
        JobInfo info = client.await(id, WAIT);
        assertThat(info.status()).isEqualTo(JobStatus.FAILED);
        assertThat(info.error().type()).isEqualTo(JobError.UNKNOWN_FUNCTION);
        assertThat(info.error().message()).contains("nope").contains("add");
    }

    @Test
    void anExceptionRetriesUntilMaxTriesThenFailsWithTheRemoteError() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        start(worker().maxTries(3).function(JobFunction.ofJson("boom", (ctx, a) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("boom on try " + ctx.tryNumber());
        })));
        String id = client.enqueue("boom", null).id();
        assertThatThrownBy(() -> client.result(id, WAIT))
                .isInstanceOfSatisfying(JobFailedException.class, f -> {
                    assertThat(f.error().type()).isEqualTo(IllegalStateException.class.getName());
                    assertThat(f.error().message()).isEqualTo("boom on try 3");
                    assertThat(f.error().stackTrace()).contains("IllegalStateException");
                });
        assertThat(calls).hasValue(3);
        assertThat(client.info(id).orElseThrow().tries()).isEqualTo(3);
    }

    @Test
    void aJobsOwnMaxTriesWinsOverTheFunctionsWhichWinsOverTheWorkers() throws Exception {
        start(worker().maxTries(5).function(JobFunction.ofJson("fails", (ctx, a) -> {
            throw new IllegalStateException("no");
        }).withMaxTries(2)));
        String byFunction = client.enqueue("fails", null).id();
        String byJob = client.enqueue("fails", null, JobOptions.builder().maxTries(1).build()).id();
        assertThat(client.await(byFunction, WAIT).tries()).isEqualTo(2);
        assertThat(client.await(byJob, WAIT).tries()).isEqualTo(1);
    }

    @Test
    void backOffDefersTheNextTry() throws Exception {
        start(worker().maxTries(2).backoff(Backoff.fixed(Duration.ofSeconds(30)))
                .function(JobFunction.ofJson("fails", (ctx, a) -> {
                    throw new IllegalStateException("later");
                })));
        Instant before = Instant.now();
        String id = client.enqueue("fails", null).id();
        await().atMost(WAIT).until(() -> client.status(id) == JobStatus.DEFERRED);
        JobInfo info = client.info(id).orElseThrow();
        assertThat(info.runAt()).isAfter(before.plusSeconds(25));
        assertThat(info.error().message()).isEqualTo("later");
    }

    @Test
    void retryWithAnExplicitDelayIsHonoured() throws Exception {
        start(worker().maxTries(3).function(JobFunction.ofJson("again", (ctx, a) -> {
            if (ctx.tryNumber() == 1) {
                throw new Retry(Duration.ofMillis(300));
            }
            return ctx.tryNumber();
        })));
        String id = client.enqueue("again", null).id();
        assertThat(client.result(id, WAIT).asInt()).isEqualTo(2);
    }

    @Test
    void aPermanentFailureSkipsTheRemainingTries() throws Exception {
        start(worker().maxTries(5).function(JobFunction.ofJson("fatal", (ctx, a) -> {
            throw new RuntimeException("wrapped", new PermanentFailure("bad input"));
        })));
        String id = client.enqueue("fatal", null).id();
        JobInfo info = client.await(id, WAIT);
        assertThat(info.status()).isEqualTo(JobStatus.FAILED);
        assertThat(info.tries()).isEqualTo(1);
    }

    @Test
    void aTryPastItsTimeoutIsInterruptedAndRecordedAsATimeout() throws Exception {
        AtomicInteger interrupted = new AtomicInteger();
        start(worker().maxTries(1).function(JobFunction.ofJson("slow", (ctx, a) -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
            return null;
        }).withTimeout(Duration.ofMillis(300))));
        String id = client.enqueue("slow", null).id();
        JobInfo info = client.await(id, WAIT);
        assertThat(info.status()).isEqualTo(JobStatus.FAILED);
        assertThat(info.error().type()).isEqualTo(JobError.TIMEOUT);
        assertThat(interrupted).hasValue(1);
    }

    @Test
    void aTimeoutOfCenturiesNeverFires() throws Exception {
        start(worker().function(JobFunction.ofJson("patient", (ctx, a) -> "done")));
        String id = client.enqueue("patient", null, JobOptions.builder().timeout(Duration.ofDays(365L * 1000)).build()).id();
        assertThat(client.result(id, WAIT).asText()).isEqualTo("done");
        assertThat(client.info(id).orElseThrow().tries()).isEqualTo(1);
    }

    @Test
    void abortingAQueuedJobMeansItNeverRuns() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String id = client.enqueue("count", null, JobOptions.builder().deferBy(Duration.ofMillis(500)).build()).id();
        assertThat(client.abort(id)).isEqualTo(JobStatus.ABORTED);
        start(worker().function(JobFunction.ofJson("count", (ctx, a) -> calls.incrementAndGet())));
        assertThatThrownBy(() -> client.result(id, WAIT)).isInstanceOf(JobAbortedException.class);
        Thread.sleep(700);
        assertThat(calls).hasValue(0);
    }

    @Test
    void abortingARunningJobInterruptsItOnItsWorker() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        List<Boolean> sawAbortFlag = new CopyOnWriteArrayList<>();
        start(worker().function(JobFunction.ofJson("long", (ctx, a) -> {
            started.countDown();
            try {
                Thread.sleep(30_000);
            } finally {
                sawAbortFlag.add(ctx.isAborted());
            }
            return null;
        })));
        String id = client.enqueue("long", null).id();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(client.abort(id)).isEqualTo(JobStatus.IN_PROGRESS);
        long t0 = System.nanoTime();
        JobInfo info = client.await(id, WAIT);
        assertThat(info.status()).isEqualTo(JobStatus.ABORTED);
        // through the store's event or, at the latest, the next lease renewal (a third of the 2 s lease)
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(sawAbortFlag).containsExactly(true);
    }

    @Test
    void progressAndLogLinesAreKeptWithTheJob() throws Exception {
        start(worker().function(JobFunction.ofJson("steps", (ctx, a) -> {
            ctx.log("starting");
            ctx.progress(0.5, "half way");
            ctx.log("done");
            return "ok";
        })));
        String id = client.enqueue("steps", null).id();
        JobInfo info = client.await(id, WAIT);
        assertThat(info.status()).isEqualTo(JobStatus.COMPLETE);
        assertThat(info.progress()).isEqualTo(0.5);
        assertThat(info.progressMessage()).isEqualTo("half way");
        assertThat(info.logs()).containsExactly("starting", "done");
    }

    @Test
    void aJobCanEnqueueTheNextOneInAChain() throws Exception {
        start(worker().function(JobFunction.of("first", Add.class, (ctx, a) ->
                ctx.client().enqueue("add", a, JobOptions.builder().id("second-of-" + ctx.jobId()).build()).id())));
        String id = client.enqueue("first", new Add(20, 22)).id();
        String next = client.result(id, String.class, WAIT);
        assertThat(next).isEqualTo("second-of-" + id);
        assertThat(client.result(next, Integer.class, WAIT)).isEqualTo(42);
    }

    @Test
    void theContextDescribesTheJob() throws Exception {
        Map<String, Object> seen = new ConcurrentHashMap<>();
        start(worker().queues("special").function(JobFunction.ofJson("who", (ctx, a) -> {
            seen.put("id", ctx.jobId());
            seen.put("queue", ctx.queue());
            seen.put("function", ctx.function());
            seen.put("try", ctx.tryNumber());
            seen.put("enqueued", ctx.enqueuedAt());
            return null;
        })));
        String id = client.enqueue("who", null, JobOptions.builder().queue("special").build()).id();
        client.await(id, WAIT);
        assertThat(seen).containsEntry("id", id).containsEntry("queue", "special")
                .containsEntry("function", "who").containsEntry("try", 1).containsKey("enqueued");
    }

    @Test
    void neverRunsMoreThanMaxJobsAtOnce() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        start(worker().maxJobs(4).function(JobFunction.ofJson("busy", (ctx, a) -> {
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
            Thread.sleep(50);
            now.decrementAndGet();
            return null;
        })));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            ids.add(client.enqueue("busy", i).id());
        }
        for (String id : ids) {
            assertThat(client.await(id, WAIT).status()).isEqualTo(JobStatus.COMPLETE);
        }
        assertThat(peak.get()).isBetween(2, 4);
    }

    @Test
    void strictQueuesDrainTheFirstQueueBeforeTheNext() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(client.enqueue("note", "low", JobOptions.builder().queue("low").build()).id());
            ids.add(client.enqueue("note", "high", JobOptions.builder().queue("high").build()).id());
        }
        start(worker().maxJobs(1).queues(dev.porter.worker.QueueSelection.strict(List.of("high", "low")))
                .function(JobFunction.of("note", String.class, (ctx, q) -> order.add(q))));
        for (String id : ids) {
            client.await(id, WAIT);
        }
        assertThat(order).containsExactly("high", "high", "high", "high", "high", "low", "low", "low", "low", "low");
    }

    @Test
    void twoWorkersWithTheSameCronJobRunEachTickOnce() throws Exception {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        JobFunction<JsonNode, Object> tick = JobFunction.ofJson("tick", (ctx, a) ->
                runs.computeIfAbsent(ctx.jobId(), k -> new AtomicInteger()).incrementAndGet());
        dev.porter.cron.CronJob everySecond = dev.porter.cron.CronJob.of("tick", dev.porter.cron.CronSchedule.parse("* * * * * *"));
        start(worker().function(tick).cron(everySecond));
        start(worker().function(tick).cron(everySecond));
        await().atMost(WAIT).until(() -> runs.size() >= 3);
        assertThat(runs.keySet()).allMatch(id -> id.startsWith("cron:tick:"));
        assertThat(runs.values()).allMatch(n -> n.get() == 1);
    }

    @Test
    void aRateLimitIsSharedByWorkersAndPostponingSpendsNoTry() throws Exception {
        List<Long> starts = Collections.synchronizedList(new ArrayList<>());
        JobFunction<JsonNode, Boolean> call = JobFunction.ofJson("call", (ctx, a) -> starts.add(System.nanoTime()))
                .withRateLimit(dev.porter.RateLimit.of("api", 10, Duration.ofSeconds(1)));
        start(worker().maxJobs(5).function(call));
        start(worker().maxJobs(5).function(call));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(client.enqueue("call", i).id());
        }
        for (String id : ids) {
            JobInfo info = client.await(id, WAIT);
            assertThat(info.status()).isEqualTo(JobStatus.COMPLETE);
            assertThat(info.tries()).isEqualTo(1);
        }
        List<Long> sorted = starts.stream().sorted().toList();
        assertThat(Duration.ofNanos(sorted.get(sorted.size() - 1) - sorted.get(0)))
                .as("8 permits 100 ms apart").isGreaterThan(Duration.ofMillis(600));
    }

    @Test
    void aPausedQueueStartsNothingUntilResumed() throws Exception {
        store.setPaused("default", true);
        start(worker());
        String id = client.enqueue("add", new Add(1, 1)).id();
        Thread.sleep(500);
        assertThat(client.status(id)).isEqualTo(JobStatus.QUEUED);
        store.setPaused("default", false);
        assertThat(client.result(id, Integer.class, WAIT)).isEqualTo(2);
    }

    @Test
    void aDeadWorkersJobRunsAgainAfterItsLeaseExpires() throws Exception {
        String id = client.enqueue("add", new Add(1, 1)).id();
        // A worker that claims and then dies: it never renews nor finishes.
        List<ClaimedJob> claimed = store.claim("dead-worker", List.of(JobOptions.DEFAULT_QUEUE), 1, Duration.ofMillis(500));
        assertThat(claimed).extracting(ClaimedJob::id).containsExactly(id);
        start(worker());
        assertThat(client.result(id, Integer.class, WAIT)).isEqualTo(2);
        assertThat(client.info(id).orElseThrow().tries()).isEqualTo(2);
    }

    @Test
    void aJobWhoseTriesWereAllLostWithDeadWorkersFails() throws Exception {
        String id = client.enqueue("add", new Add(1, 1), JobOptions.builder().maxTries(1).build()).id();
        store.claim("dead-worker", List.of(JobOptions.DEFAULT_QUEUE), 1, Duration.ofMillis(300));
        start(worker());
        JobInfo info = client.await(id, WAIT);
        assertThat(info.status()).isEqualTo(JobStatus.FAILED);
        assertThat(info.error().type()).isEqualTo(JobError.TRIES_EXHAUSTED);
    }

    @Test
    void stoppingLetsRunningJobsFinishWithinTheGracePeriod() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Worker w = start(worker().function(JobFunction.ofJson("brief", (ctx, a) -> {
            started.countDown();
            Thread.sleep(300);
            return "finished";
        })));
        String id = client.enqueue("brief", null).id();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        w.close();
        JobInfo info = client.info(id).orElseThrow();
        assertThat(info.status()).isEqualTo(JobStatus.COMPLETE);
    }

    @Test
    void stoppingHandsBackJobsThatOutliveTheGracePeriod() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Worker w = Worker.builder(store).function(JobFunction.ofJson("endless", (ctx, a) -> {
            started.countDown();
            Thread.sleep(60_000);
            return null;
        })).gracePeriod(Duration.ofMillis(200)).lease(Duration.ofSeconds(30)).build().start();
        workers.add(w);
        String id = client.enqueue("endless", null).id();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        w.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        JobInfo info = client.info(id).orElseThrow();
        assertThat(info.status()).isEqualTo(JobStatus.QUEUED); // at once, not after the 30 s lease
        assertThat(info.tries()).isZero(); // the interrupted try does not count
    }

    @Test
    void burstModeStopsWhenTheQueuesAreEmpty() throws Exception {
        for (int i = 0; i < 20; i++) {
            client.enqueue("add", new Add(i, i));
        }
        Worker w = start(worker().burst(true));
        assertThat(w.awaitTermination(WAIT)).isTrue();
        assertThat(store.queues()).singleElement().satisfies(c -> {
            assertThat(c.complete()).isEqualTo(20);
            assertThat(c.pending()).isZero();
        });
    }

    @Test
    void hooksRunAtStartupAroundEachJobAndAtShutdown() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        Worker w = start(worker().hooks(new WorkerHooks() {
            @Override
            public void onStartup(Worker worker) {
                calls.add("startup");
            }

            @Override
            public void onJobStart(dev.porter.JobContext job) {
                calls.add("start " + job.function());
            }

            @Override
            public void onJobEnd(dev.porter.JobContext job, JobEnd end) {
                calls.add("end " + job.function() + " " + end.status().wireName());
            }

            @Override
            public void onShutdown(Worker worker) {
                calls.add("shutdown");
            }
        }));
        String id = client.enqueue("add", new Add(1, 2)).id();
        client.await(id, WAIT);
        await().atMost(WAIT).until(() -> calls.contains("end add complete"));
        w.close();
        assertThat(calls).containsExactly("startup", "start add", "end add complete", "shutdown");
    }

    @Test
    void aWorkerWritesItsHealthRecordAndRemovesItOnStop() throws Exception {
        Worker w = start(worker().queues("default", "other"));
        await().atMost(WAIT).until(() -> !store.workers().isEmpty());
        assertThat(store.workers()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(w.id());
            assertThat(r.functions()).contains("add");
            assertThat(r.queues()).containsExactly("default", "other");
        });
        w.close();
        assertThat(store.workers()).isEmpty();
    }

    @Test
    void resultWaitsOnlyAsLongAsItIsTold() {
        String id = client.enqueue("add", new Add(1, 1), JobOptions.builder().queue("nobody-reads-this").build()).id();
        assertThatThrownBy(() -> client.result(id, Duration.ofMillis(100)))
                .isInstanceOfSatisfying(ResultTimeoutException.class, e -> assertThat(e.status()).isEqualTo(JobStatus.QUEUED));
    }

    @Test
    void aNullResultIsStoredAsJsonNull() throws Exception {
        start(worker().function(JobFunction.ofJson("nothing", (ctx, a) -> null)));
        String id = client.enqueue("nothing", null).id();
        JsonNode result = client.result(id, WAIT);
        assertThat(result.isNull()).isTrue();
    }
}
