package dev.porter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.porter.JobInfo;
import dev.porter.JobOptions;
import dev.porter.JobRequest;
import dev.porter.JobStatus;
import dev.porter.PorterClient;
import dev.porter.redis.TestRedis;
import dev.porter.spi.JobStore;
import dev.porter.spi.JobStores;
import dev.porter.spi.QueueCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestInfo;

/**
 * The multi-process proofs of the Redis store: three {@code porter worker} processes (separate JVMs
 * running the real jar) share one private redis-server. What ran is proven by the side effects the
 * workers' {@link RecordingApp} leaves, one file per process, not by the store's word for it: each run
 * appends {@code id try epoch-ms} to the process's start file, then the id to its record file.
 */
class RedisWorkersIT {
    private static final int WORKERS = 3;
    private static final int MAX_JOBS = 20;
    /** Short, so the kill test sees a dead worker's jobs come back quickly. */
    private static final long LEASE_MS = 3_000;
    /**
     * The exactly-once test needs no reaping; a long lease keeps a cold worker JVM on a busy machine
     * from losing its first batch to another worker's reaper (a re-run that leases allow).
     */
    private static final long STEADY_LEASE_MS = 15_000;
    /** The engine runs each worker's reaper this often. */
    private static final long REAPER_MS = 1_000;

    /** Under target/, not a temp dir: the workers' logs and side-effect files stay there to read after a failure. */
    private Path dir;

    private final List<Worker> workers = new ArrayList<>();
    private TestRedis redis;

    /** One worker process and the side effects it left. */
    private record Worker(int n, PorterProcess.Started started, Path records, Path starts) {
        long pid() {
            return started.process().pid();
        }

        List<String> recorded() throws IOException {
            return lines(records);
        }

        /** Its start lines: job id, try number, epoch ms. */
        List<Start> startedJobs() throws IOException {
            return lines(starts).stream().map(l -> l.split(" "))
                    .map(f -> new Start(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), n)).toList();
        }

        String stderr() throws IOException {
            return started.stderrSoFar();
        }
    }

    private record Start(String id, int tryNumber, long atMs, int worker) {
    }

    @BeforeEach
    void makeDir(TestInfo test) throws IOException {
        dir = Path.of("target", "redis-workers-it", test.getTestMethod().orElseThrow().getName()).toAbsolutePath();
        if (Files.exists(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(dir);
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (Worker w : workers) {
            w.started().process().destroyForcibly();
            w.started().process().waitFor(10, TimeUnit.SECONDS);
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void threeWorkersRunTenThousandJobsExactlyOnce() throws Exception {
        int jobs = 10_000;
        redis = TestRedis.startNew();
        startWorkers(new PorterProcess(dir, redis.url()), STEADY_LEASE_MS);
        List<String> acknowledged = enqueue(ids("once-", jobs), 1_000);

        long t0 = System.nanoTime();
        awaitAllRecorded(acknowledged, Duration.ofSeconds(90));
        long runMs = (System.nanoTime() - t0) / 1_000_000;
        Map<String, Long> runs = runs(workers);
        assertThat(runs.keySet()).as("every acknowledged job ran").containsExactlyInAnyOrderElementsOf(acknowledged);
        Map<String, Long> repeated = repeated(runs);
        assertThat(repeated).as("jobs whose side effect happened more than once; their starts (id try ms worker): %s",
                startsOf(repeated.keySet())).isEmpty();
        List<Integer> split = new ArrayList<>();
        for (Worker w : workers) {
            split.add(w.recorded().size());
            assertThat(w.recorded()).as("worker %d ran a share of the jobs", w.n()).isNotEmpty();
        }
        Map<String, JobInfo> infos = jobInfos(acknowledged);
        assertThat(infos.values()).as("the store says every job completed on its first try")
                .allSatisfy(i -> {
                    assertThat(i.status()).isEqualTo(JobStatus.COMPLETE);
                    assertThat(i.tries()).isEqualTo(1);
                });
        stopWorkers();
        System.out.printf("exactly once: %d jobs, 3 workers ran %s of them, none twice, in %d ms%n", jobs, split, runMs);
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aWorkerKilledMidRunLosesNothingAndOnlyItsInFlightJobsRunAgain() throws Exception {
        int jobs = 6_000;
        redis = TestRedis.startNew();
        startWorkers(new PorterProcess(dir, redis.url()), LEASE_MS);
        List<String> acknowledged = enqueue(ids("kill-", jobs), 1_000);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> runs(workers).size() >= jobs / 4);
        Worker dead = workers.get(0);
        long killMs = System.currentTimeMillis();
        dead.started().process().destroyForcibly(); // SIGKILL: no shutdown hook, nothing handed back
        assertThat(dead.started().process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        List<Worker> survivors = workers.subList(1, WORKERS);
        assertThat(runs(survivors).size() + dead.recorded().size()).as("killed mid-run").isLessThan(jobs);

        awaitAllRecorded(acknowledged, Duration.ofSeconds(90));
        Map<String, JobInfo> infos = jobInfos(acknowledged);
        assertThat(infos.values()).as("the store says every job completed")
                .allSatisfy(i -> assertThat(i.status()).isEqualTo(JobStatus.COMPLETE));

        // Which jobs ran again: the ones the store claimed a second time.
        Set<String> rerun = infos.values().stream().filter(i -> i.tries() > 1).map(JobInfo::id).collect(Collectors.toSet());
        assertThat(infos.values()).as("no job was claimed more than twice").allMatch(i -> i.tries() <= 2);
        assertThat(rerun).as("the dead worker's jobs were re-run").isNotEmpty();
        Map<String, Start> deadStarts = dead.startedJobs().stream()
                .collect(Collectors.toMap(Start::id, Function.identity()));
        assertThat(rerun).as("re-run jobs were finished by a live worker")
                .allSatisfy(id -> assertThat(infos.get(id).workerId()).doesNotContain("-" + dead.pid() + "-"));
        List<Start> survivorStarts = new ArrayList<>();
        for (Worker w : survivors) {
            survivorStarts.addAll(w.startedJobs());
        }
        Map<String, List<Start>> survivorStartsById = survivorStarts.stream().collect(Collectors.groupingBy(Start::id));
        assertThat(survivorStarts).as("the only second tries are the re-runs, after the kill")
                .filteredOn(s -> s.tryNumber() > 1)
                .allSatisfy(s -> {
                    assertThat(rerun).contains(s.id());
                    assertThat(s.atMs()).isGreaterThan(killMs);
                });
        // A re-run job's first try was claimed by the dead worker: the live ones never started it on try 1.
        // (The dead worker may not have started it either: claimed, not yet running, when it was killed.)
        assertThat(rerun).as("the live workers ran the re-run jobs only once, on try 2, after the kill")
                .allSatisfy(id -> assertThat(survivorStartsById.get(id)).singleElement()
                        .satisfies(s -> assertThat(s.tryNumber()).isEqualTo(2)));
        assertThat(deadStarts.keySet().stream().filter(survivorStartsById::containsKey).collect(Collectors.toSet()))
                .as("a job started by both the dead worker and a live one was re-run by the store")
                .isSubsetOf(rerun);
        long claimedNotStarted = rerun.stream().filter(id -> !deadStarts.containsKey(id)).count();

        // The side effects: repeated only for re-run jobs, and then recorded first by the dead process.
        Map<String, Long> deadRuns = runs(List.of(dead));
        Map<String, Long> liveRuns = runs(survivors);
        Map<String, Long> repeated = repeated(runs(workers));
        assertThat(repeated.keySet()).as("side effects repeated only for jobs the store re-ran").isSubsetOf(rerun);
        assertThat(repeated).as("each repeated side effect: once by the dead worker, once by a live one")
                .allSatisfy((id, n) -> {
                    assertThat(n).isEqualTo(2);
                    assertThat(deadRuns.get(id)).isEqualTo(1);
                    assertThat(liveRuns.get(id)).isEqualTo(1);
                });

        // Back in the queue within one lease period: from the kill to the first re-run start.
        long firstRerunMs = rerun.stream().flatMap(id -> survivorStartsById.get(id).stream())
                .mapToLong(Start::atMs).min().orElseThrow();
        long requeuedAfterMs = firstRerunMs - killMs;
        long lastRerunMs = rerun.stream().flatMap(id -> survivorStartsById.get(id).stream())
                .mapToLong(Start::atMs).max().orElseThrow();
        long oldestInFlightMs = rerun.stream().filter(deadStarts::containsKey)
                .mapToLong(id -> killMs - deadStarts.get(id).atMs()).max().orElse(0);
        assertThat(requeuedAfterMs).as("ms from the kill to the first re-run start (lease %d ms + reaper %d ms + slack)",
                LEASE_MS, REAPER_MS).isLessThanOrEqualTo(LEASE_MS + REAPER_MS + 1_500);
        assertThat(survivors.get(0).stderr() + survivors.get(1).stderr()).as("a live worker reaped the dead one's jobs")
                .contains("re-queued");
        stopWorkers();
        System.out.printf("kill -9: %d jobs, %d recorded by the dead worker, %d re-run (%d of them claimed but not yet"
                        + " started by it; the oldest started %d ms before the kill), %d side effects repeated; first"
                        + " re-run started %d ms after the kill, last %d ms after%n",
                jobs, dead.recorded().size(), rerun.size(), claimedNotStarted, oldestInFlightMs, repeated.size(),
                requeuedAfterMs, lastRerunMs - killMs);
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void workersRideOutARedisCrashAndRestartWithAof() throws Exception {
        int jobs = 6_000;
        redis = TestRedis.startWithAof();
        startWorkers(new PorterProcess(dir, redis.url()), LEASE_MS);
        List<String> all = ids("aof-", jobs);
        List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> enqueueErrors = java.util.Collections.synchronizedList(new ArrayList<>());
        // The test JVM keeps enqueueing through the crash: a batch counts once enqueueAll returned; a
        // failed batch is sent again with the same ids (an id that exists creates nothing).
        CompletableFuture<Void> enqueuer = CompletableFuture.runAsync(() -> {
            try (JobStore store = JobStores.open(redis.url()); PorterClient client = PorterClient.create(store)) {
                for (int from = 0; from < jobs; from += 100) {
                    List<String> batch = all.subList(from, from + 100);
                    while (true) {
                        try {
                            client.enqueueAll(requests(batch));
                            acknowledged.addAll(batch);
                            break;
                        } catch (RuntimeException e) {
                            enqueueErrors.add(e.toString());
                            sleep(100);
                        }
                    }
                    sleep(5);
                }
            }
        });

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> runs(workers).size() >= jobs / 3);
        long crashMs = System.currentTimeMillis();
        redis.kill(); // SIGKILL: only what the AOF fsynced survives
        int ackedAtCrash = acknowledged.size();
        int ranAtCrash = runs(workers).size();
        Thread.sleep(1_000);
        redis.start(); // same port, same dir: loads the AOF
        long restartedMs = System.currentTimeMillis();

        enqueuer.get(60, TimeUnit.SECONDS);
        awaitAllRecorded(acknowledged, Duration.ofSeconds(90));
        Map<String, JobInfo> infos = jobInfos(acknowledged);
        assertThat(infos.values()).as("the store says every acknowledged job completed")
                .allSatisfy(i -> assertThat(i.status()).isEqualTo(JobStatus.COMPLETE));
        Map<String, Long> runs = runs(workers);
        assertThat(runs.keySet()).as("every acknowledged job ran").containsAll(acknowledged);

        List<Start> starts = new ArrayList<>();
        for (Worker w : workers) {
            starts.addAll(w.startedJobs());
        }
        Map<String, List<Start>> startsById = starts.stream().collect(Collectors.groupingBy(Start::id));
        Map<String, Long> repeated = repeated(runs);
        Set<String> startedTwice = startsById.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(startedTwice).as("a job started twice only if its first start was before the crash (in flight)")
                .allSatisfy(id -> assertThat(startsById.get(id).stream().mapToLong(Start::atMs).min().orElseThrow())
                        .isLessThan(crashMs));
        assertThat(repeated.keySet()).as("side effects repeated only for jobs in flight at the crash").isSubsetOf(startedTwice);

        Map<Integer, Long> firstStartAfterRestart = new HashMap<>();
        for (Start s : starts) {
            if (s.atMs() > restartedMs) {
                firstStartAfterRestart.merge(s.worker(), s.atMs() - restartedMs, Math::min);
            }
        }
        assertThat(firstStartAfterRestart.keySet()).as("every worker process ran jobs again after the restart, by itself")
                .containsExactlyInAnyOrder(0, 1, 2);
        stopWorkers();
        System.out.printf("redis kill -9 + restart (AOF always): %d jobs, %d acknowledged and about %d run at the crash,"
                        + " %d enqueue calls failed while down; %d jobs started twice, %d side effects repeated; ms from"
                        + " the restart to each worker's first job: %s%n",
                jobs, ackedAtCrash, ranAtCrash, enqueueErrors.size(), startedTwice.size(), repeated.size(),
                firstStartAfterRestart);
    }

    /** Starts the three workers and waits until each runs, so that all of them share the jobs from the start. */
    private void startWorkers(PorterProcess porter, long leaseMs) throws Exception {
        for (int n = 0; n < WORKERS; n++) {
            Path records = dir.resolve("records-" + n + ".txt");
            Path starts = dir.resolve("starts-" + n + ".txt");
            PorterProcess.Started started = porter.startWithTestClasses(
                    Map.of("RECORD_FILE", records.toString(), "START_FILE", starts.toString(), "RECORD_SLEEP_MS", "1"),
                    "worker", "--store", porter.store(), "--app", RecordingApp.class.getName(),
                    "--max-jobs", String.valueOf(MAX_JOBS), "--lease", leaseMs + "ms", "--grace", "2s");
            workers.add(new Worker(n, started, records, starts));
        }
        for (Worker w : workers) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                assertThat(w.started().process().isAlive()).as("worker %d is running; stderr:%n%s", w.n(), w.stderr()).isTrue();
                assertThat(w.stderr()).contains("started:");
            });
        }
    }

    /** SIGTERM: each worker stops claiming and exits (nothing is left to run). */
    private void stopWorkers() throws Exception {
        for (Worker w : workers) {
            w.started().process().destroy();
        }
        for (Worker w : workers) {
            assertThat(w.started().process().waitFor(20, TimeUnit.SECONDS)).as("worker %d stopped on SIGTERM", w.n()).isTrue();
        }
    }

    private void awaitAllRecorded(List<String> acknowledged, Duration atMost) {
        Set<String> expected = Set.copyOf(acknowledged);
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(runs(workers).keySet()).as("ids recorded").containsAll(expected));
        // and the store has written every outcome (outcomes are batched after the side effect)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            try (JobStore store = JobStores.open(redis.url())) {
                QueueCounts counts = store.queues().stream().filter(c -> c.queue().equals(JobOptions.DEFAULT_QUEUE))
                        .findFirst().orElseThrow();
                assertThat(counts.pending() + counts.inProgress()).as("jobs not yet finished: %s", counts).isZero();
            }
        });
    }

    private static List<String> ids(String prefix, int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }

    private static List<JobRequest> requests(List<String> ids) {
        return ids.stream().map(id -> new JobRequest(RecordingApp.FUNCTION, id, JobOptions.builder().id(id).build())).toList();
    }

    /** Enqueues from the test JVM before the workers get busy; acknowledged means enqueueAll returned. */
    private List<String> enqueue(List<String> ids, int batch) {
        List<String> acknowledged = new ArrayList<>();
        try (JobStore store = JobStores.open(redis.url()); PorterClient client = PorterClient.create(store)) {
            for (int from = 0; from < ids.size(); from += batch) {
                List<String> part = ids.subList(from, Math.min(from + batch, ids.size()));
                client.enqueueAll(requests(part)).forEach(e -> {
                    assertThat(e.created()).as("job %s created", e.id()).isTrue();
                    acknowledged.add(e.id());
                });
            }
        }
        return acknowledged;
    }

    private Map<String, JobInfo> jobInfos(List<String> ids) {
        Map<String, JobInfo> infos = new HashMap<>();
        try (JobStore store = JobStores.open(redis.url())) {
            for (String id : ids) {
                infos.put(id, store.get(id).orElseThrow(() -> new AssertionError("job " + id + " is gone")));
            }
        }
        return infos;
    }

    private List<Start> startsOf(Set<String> ids) throws IOException {
        List<Start> starts = new ArrayList<>();
        for (Worker w : workers) {
            w.startedJobs().stream().filter(s -> ids.contains(s.id())).forEach(starts::add);
        }
        return starts;
    }

    /** How many times each id's side effect happened, over the given processes. */
    private static Map<String, Long> runs(List<Worker> of) throws IOException {
        List<String> all = new ArrayList<>();
        for (Worker w : of) {
            all.addAll(w.recorded());
        }
        return all.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static Map<String, Long> repeated(Map<String, Long> runs) {
        return runs.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static List<String> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        // A line being appended right now may be missing its line break: leave it for the next read.
        String text = Files.readString(file);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : text.substring(0, end).lines().toList();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
