package dev.porter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porter.Enqueued;
import dev.porter.JobError;
import dev.porter.JobInfo;
import dev.porter.JobOptions;
import dev.porter.JobStatus;
import dev.porter.spi.ClaimedJob;
import dev.porter.spi.JobEvent;
import dev.porter.spi.JobPage;
import dev.porter.spi.JobQuery;
import dev.porter.spi.Lease;
import dev.porter.spi.NewJob;
import dev.porter.spi.Outcome;
import dev.porter.spi.QueueCounts;
import dev.porter.spi.RenewResult;
import dev.porter.spi.WorkerRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JobStore Javadoc rules, against a real redis-server. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RedisJobStoreTest {
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final TestRedis server = TestRedis.shared();
    private final TestClock clock = new TestClock();
    private RedisJobStore store;

    @BeforeEach
    void open() {
        server.flush();
        store = RedisJobStore.open(server.url(), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private NewJob job(String id) {
        return job(id, "default", 0, clock.instant());
    }

    private NewJob job(String id, String queue, int priority, Instant runAt) {
        return new NewJob(id, "fn", "[1]", queue, priority, runAt, null, null, null, null);
    }

    private List<ClaimedJob> claim(int max) {
        return store.claim("w1", List.of("default"), max, LEASE);
    }

    private JobStatus status(String id) {
        return store.get(id).map(JobInfo::status).orElse(JobStatus.NOT_FOUND);
    }

    @Test
    void enqueueStoresOnceAndReportsTheExistingJob() {
        List<Enqueued> first = store.enqueue(List.of(job("a"), job("b", "default", 0, clock.instant().plusSeconds(60)), job("a")));
        assertThat(first).containsExactly(new Enqueued("a", true, JobStatus.QUEUED),
                new Enqueued("b", true, JobStatus.DEFERRED), new Enqueued("a", false, JobStatus.QUEUED));
        // the id exists in another queue too
        assertThat(store.enqueue(List.of(job("b", "other", 0, clock.instant()))))
                .containsExactly(new Enqueued("b", false, JobStatus.DEFERRED));
        JobInfo a = store.get("a").orElseThrow();
        assertThat(a.function()).isEqualTo("fn");
        assertThat(a.argsJson()).isEqualTo("[1]");
        assertThat(a.queue()).isEqualTo("default");
        assertThat(a.tries()).isZero();
        assertThat(a.enqueuedAt()).isEqualTo(clock.instant());
        assertThat(store.get("missing")).isEmpty();
    }

    @Test
    void claimsByPriorityThenEnqueueOrderAndDeferredJobsKeepTheirPriority() {
        Instant later = clock.instant().plusSeconds(10);
        store.enqueue(List.of(job("low1", "default", 0, clock.instant()), job("high", "default", 5, clock.instant()),
                job("low2", "default", 0, clock.instant()), job("deferredHigh", "default", 9, later)));
        assertThat(claim(1)).extracting(ClaimedJob::id).containsExactly("high");
        clock.advance(Duration.ofSeconds(10));
        assertThat(status("deferredHigh")).isEqualTo(JobStatus.QUEUED);
        List<ClaimedJob> rest = claim(10);
        assertThat(rest).extracting(ClaimedJob::id).containsExactly("deferredHigh", "low1", "low2");
        ClaimedJob c = rest.get(0);
        assertThat(c.tryNumber()).isEqualTo(1);
        assertThat(c.priority()).isEqualTo(9);
        assertThat(c.queue()).isEqualTo("default");
        JobInfo info = store.get("deferredHigh").orElseThrow();
        assertThat(info.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(info.workerId()).isEqualTo("w1");
        assertThat(info.startedAt()).isEqualTo(clock.instant());
        assertThat(claim(10)).isEmpty();
    }

    @Test
    void aClaimAcrossQueuesTakesTheHighestPriorityThenTheOldestOfAll() {
        store.enqueue(List.of(job("a1", "a", 0, clock.instant()), job("b1", "b", 0, clock.instant()),
                job("a2", "a", 3, clock.instant()), job("b2", "b", 3, clock.instant()), job("c1", "c", 9, clock.instant())));
        assertThat(store.claim("w", List.of("a", "b"), 3, LEASE)).extracting(ClaimedJob::id, ClaimedJob::queue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a2", "a"), org.assertj.core.groups.Tuple.tuple("b2", "b"),
                        org.assertj.core.groups.Tuple.tuple("a1", "a"));
        assertThat(store.claim("w", List.of("b", "a", "b"), 10, LEASE)).extracting(ClaimedJob::id).containsExactly("b1");
    }

    @Test
    void expiredJobsFailInsteadOfRunning() {
        store.enqueue(List.of(new NewJob("x", "fn", "null", "default", 0, clock.instant(),
                clock.instant().plusSeconds(5), null, null, Duration.ofHours(1))));
        clock.advance(Duration.ofSeconds(5));
        assertThat(claim(10)).isEmpty();
        JobInfo x = store.get("x").orElseThrow();
        assertThat(x.status()).isEqualTo(JobStatus.FAILED);
        assertThat(x.error().type()).isEqualTo(JobError.EXPIRED);
    }

    @Test
    void finishIsFencedByTheLeaseToken() {
        store.enqueue(List.of(job("a")));
        ClaimedJob first = claim(1).get(0);
        clock.advance(LEASE.plusSeconds(1));
        assertThat(store.reapExpiredLeases()).isEqualTo(1);
        assertThat(status("a")).isEqualTo(JobStatus.QUEUED);
        ClaimedJob second = claim(1).get(0);
        assertThat(second.tryNumber()).isEqualTo(2);
        boolean[] applied = store.finish(List.of(
                new Outcome.Completed(first.lease(), "\"stale\"", JobOptions.FOREVER),
                new Outcome.Completed(second.lease(), "\"fresh\"", JobOptions.FOREVER),
                new Outcome.Completed(new Lease("a", "bogus"), "\"forged\"", JobOptions.FOREVER)));
        assertThat(applied).containsExactly(false, true, false);
        JobInfo a = store.get("a").orElseThrow();
        assertThat(a.status()).isEqualTo(JobStatus.COMPLETE);
        assertThat(a.resultJson()).isEqualTo("\"fresh\"");
        assertThat(a.keepUntil()).isNull();
        assertThat(store.finish(List.of(new Outcome.Failed(second.lease(), JobError.of("x", "late"), null))))
                .containsExactly(false);
    }

    @Test
    void keptResultsDisappearByTheStoreClockAndArePurged() {
        store.enqueue(List.of(job("a"), job("b")));
        List<ClaimedJob> c = claim(2);
        store.finish(List.of(new Outcome.Completed(c.get(0).lease(), "1", Duration.ofMinutes(5)),
                new Outcome.Completed(c.get(1).lease(), "2", Duration.ZERO)));
        assertThat(status("b")).isEqualTo(JobStatus.NOT_FOUND);
        assertThat(store.get("a").orElseThrow().keepUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(server.admin().pttl(Keys.job("default", "a"))).isBetween(1L, Duration.ofMinutes(5).toMillis());
        clock.advance(Duration.ofMinutes(5));
        assertThat(store.get("a")).isEmpty();
        assertThat(store.list(JobQuery.all(10)).jobs()).isEmpty();
        assertThat(store.queues()).isEmpty();
        assertThat(store.purgeExpired()).isEqualTo(1);
        assertThat(server.admin().exists(Keys.job("default", "a"), Keys.IDS)).isZero();
        // the id is free again
        assertThat(store.enqueue(List.of(job("a"))).get(0).created()).isTrue();
    }

    @Test
    void retryingDefersAndReleaseGivesTheTryBack() {
        store.enqueue(List.of(job("a"), job("b")));
        List<ClaimedJob> c = claim(2);
        store.finish(List.of(new Outcome.Retrying(c.get(0).lease(), clock.instant().plusSeconds(30), JobError.of("E", "boom")),
                new Outcome.Released(c.get(1).lease())));
        JobInfo a = store.get("a").orElseThrow();
        assertThat(a.status()).isEqualTo(JobStatus.DEFERRED);
        assertThat(a.error().message()).isEqualTo("boom");
        JobInfo b = store.get("b").orElseThrow();
        assertThat(b.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(b.tries()).isZero();
        assertThat(claim(5)).extracting(ClaimedJob::id, ClaimedJob::tryNumber).containsExactly(org.assertj.core.groups.Tuple.tuple("b", 1));
        clock.advance(Duration.ofSeconds(30));
        assertThat(claim(5)).extracting(ClaimedJob::id, ClaimedJob::tryNumber).containsExactly(org.assertj.core.groups.Tuple.tuple("a", 2));
    }

    @Test
    void renewExtendsHeldLeasesAndReportsLostOnes() {
        store.enqueue(List.of(job("a"), job("b")));
        List<ClaimedJob> c = claim(2);
        clock.advance(LEASE.minusSeconds(1));
        RenewResult r = store.renew("w1", List.of(c.get(0).lease(), new Lease("b", "default|nope.1")), LEASE);
        assertThat(r.lost()).containsExactly("b");
        assertThat(r.abortRequested()).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(store.reapExpiredLeases()).isEqualTo(1); // only b's lease ran out
        assertThat(status("a")).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(status("b")).isEqualTo(JobStatus.QUEUED);
        assertThat(store.renew("w1", List.of(c.get(1).lease()), LEASE).lost()).containsExactly("b");
    }

    @Test
    void abortStopsPendingJobsAndFlagsRunningOnes() throws Exception {
        List<JobEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable ignored = store.subscribe(events::add)) {
            store.enqueue(List.of(job("pending"), job("running"), job("orphan")));
            assertThat(store.abort("pending")).isEqualTo(JobStatus.ABORTED);
            List<ClaimedJob> c = claim(5);
            assertThat(c).extracting(ClaimedJob::id).containsExactly("running", "orphan");
            assertThat(store.abort("running")).isEqualTo(JobStatus.IN_PROGRESS);
            assertThat(store.abort("orphan")).isEqualTo(JobStatus.IN_PROGRESS);
            assertThat(store.renew("w1", List.of(c.get(0).lease()), LEASE).abortRequested()).containsExactly("running");
            assertThat(store.get("running").orElseThrow().abortRequested()).isTrue();
            assertThat(store.finish(List.of(new Outcome.Aborted(c.get(0).lease(), null)))).containsExactly(true);
            clock.advance(LEASE.plusSeconds(1));
            assertThat(store.reapExpiredLeases()).isEqualTo(1);
            assertThat(status("orphan")).isEqualTo(JobStatus.ABORTED);
            assertThat(status("running")).isEqualTo(JobStatus.ABORTED);
            assertThat(store.abort("running")).isEqualTo(JobStatus.ABORTED);
            assertThat(store.abort("nope")).isEqualTo(JobStatus.NOT_FOUND);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(events).filteredOn(e -> e.kind() == JobEvent.Kind.ABORT_REQUESTED)
                            .extracting(JobEvent::jobId).containsExactlyInAnyOrder("running", "orphan"));
            assertThat(events).filteredOn(e -> e.jobId().equals("pending")).extracting(JobEvent::status)
                    .containsExactly(JobStatus.QUEUED, JobStatus.ABORTED);
        }
    }

    @Test
    void manualRetryRequeuesFailedJobsWithTriesReset() {
        store.enqueue(List.of(job("a")));
        ClaimedJob c = claim(1).get(0);
        store.finish(List.of(new Outcome.Failed(c.lease(), JobError.of("E", "bad"), Duration.ofHours(1))));
        assertThat(store.retry("missing")).isFalse();
        assertThat(store.retry("a")).isTrue();
        JobInfo a = store.get("a").orElseThrow();
        assertThat(a.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(a.tries()).isZero();
        assertThat(a.error().message()).isEqualTo("bad");
        assertThat(a.keepUntil()).isNull();
        assertThat(store.retry("a")).isFalse();
        ClaimedJob again = claim(1).get(0);
        assertThat(again.tryNumber()).isEqualTo(1);
        store.finish(List.of(new Outcome.Completed(again.lease(), "\"ok\"", null)));
        assertThat(store.get("a").orElseThrow().error()).isNull();
    }

    @Test
    void deleteRemovesEverythingButRunningJobs() {
        store.enqueue(List.of(job("a"), job("b")));
        claim(1);
        assertThat(store.delete("a")).isFalse();
        assertThat(store.delete("b")).isTrue();
        assertThat(store.delete("b")).isFalse();
        assertThat(status("b")).isEqualTo(JobStatus.NOT_FOUND);
        assertThat(claim(5)).isEmpty();
    }

    @Test
    void progressAndLogsAreFencedAndBounded() {
        store.enqueue(List.of(job("a")));
        ClaimedJob c = claim(1).get(0);
        assertThat(store.progress(c.lease(), 0.5, "half")).isTrue();
        assertThat(store.progress(new Lease("a", "default|x.1"), 0.9, "forged")).isFalse();
        for (int i = 0; i < 105; i++) {
            assertThat(store.log(c.lease(), "line " + i)).isTrue();
        }
        assertThat(store.log(c.lease(), "x".repeat(5000))).isTrue();
        JobInfo a = store.get("a").orElseThrow();
        assertThat(a.progress()).isEqualTo(0.5);
        assertThat(a.progressMessage()).isEqualTo("half");
        assertThat(a.logs()).hasSize(100);
        assertThat(a.logs().get(0)).isEqualTo("line 6");
        assertThat(a.logs().get(99)).hasSize(1000);
    }

    @Test
    void listingPagesEveryJobExactlyOnce() {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            jobs.add(job("j" + i, i % 2 == 0 ? "even" : "odd", 0, clock.instant()));
        }
        store.enqueue(jobs);
        store.claim("w", List.of("odd"), 3, LEASE);
        Set<String> seen = new HashSet<>();
        JobQuery q = JobQuery.all(4);
        int pages = 0;
        do {
            JobPage page = store.list(q);
            page.jobs().forEach(j -> assertThat(seen.add(j.id())).isTrue());
            q = page.nextCursor() == null ? null : q.withCursor(page.nextCursor());
            pages++;
        } while (q != null);
        assertThat(seen).hasSize(25);
        assertThat(pages).isEqualTo(7);
        JobPage running = store.list(new JobQuery(null, JobStatus.IN_PROGRESS, null, null, 3));
        assertThat(running.jobs()).extracting(JobInfo::id).containsExactly("j1", "j3", "j5");
        assertThat(running.nextCursor()).isNull();
        assertThat(store.list(new JobQuery("even", JobStatus.QUEUED, "fn", null, 100)).jobs()).hasSize(13);
        assertThat(store.list(new JobQuery(null, null, "other", null, 100)).jobs()).isEmpty();
        assertThat(store.queues()).containsExactly(new QueueCounts("even", 13, 0, 0, 0, 0, 0),
                new QueueCounts("odd", 9, 0, 3, 0, 0, 0));
    }

    @Test
    void awaitWorkWakesOnEnqueueAndReturnsAtOnceWhenWorkIsDue() throws Exception {
        store.enqueue(List.of(job("due")));
        long start = System.nanoTime();
        store.awaitWork(List.of("default"), Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        claim(1);

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Long> woke = pool.submit(() -> {
                long t = System.nanoTime();
                store.awaitWork(List.of("other", "default"), Duration.ofSeconds(20));
                return System.nanoTime();
            });
            Thread.sleep(300); // let it fall asleep
            long enqueuedAt = System.nanoTime();
            store.enqueue(List.of(job("new")));
            long wokeAt = woke.get(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(wokeAt - enqueuedAt)).isLessThan(Duration.ofSeconds(1));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void awaitWorkSleepsAtMostUntilTheNextDeferredJob() throws Exception {
        store.enqueue(List.of(job("later", "default", 0, clock.instant().plusMillis(300))));
        long start = System.nanoTime();
        store.awaitWork(List.of("default"), Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
    }

    @Test
    void publishesStateAndProgressEvents() throws Exception {
        List<JobEvent> events = new CopyOnWriteArrayList<>();
        AutoCloseable sub = store.subscribe(events::add);
        store.enqueue(List.of(job("a")));
        ClaimedJob c = claim(1).get(0);
        store.progress(c.lease(), 0.25, "quarter");
        store.finish(List.of(new Outcome.Completed(c.lease(), "1", null)));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 4);
        assertThat(events).extracting(JobEvent::kind, JobEvent::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(JobEvent.Kind.STATE, JobStatus.QUEUED),
                org.assertj.core.groups.Tuple.tuple(JobEvent.Kind.STATE, JobStatus.IN_PROGRESS),
                org.assertj.core.groups.Tuple.tuple(JobEvent.Kind.PROGRESS, JobStatus.IN_PROGRESS),
                org.assertj.core.groups.Tuple.tuple(JobEvent.Kind.STATE, JobStatus.COMPLETE));
        JobEvent progress = events.get(2);
        assertThat(progress.progress()).isEqualTo(0.25);
        assertThat(progress.message()).isEqualTo("quarter");
        assertThat(progress.queue()).isEqualTo("default");
        assertThat(progress.function()).isEqualTo("fn");
        assertThat(progress.at()).isEqualTo(clock.instant());
        sub.close();
        store.enqueue(List.of(job("b")));
        Thread.sleep(200);
        assertThat(events).hasSize(4);
    }

    @Test
    void workersCountAsAliveUntilTheirTtl() {
        WorkerRecord w = new WorkerRecord("w2", "host", 42, List.of("default"), List.of("fn"), 8, 1, 10, 2,
                clock.instant(), clock.instant());
        store.heartbeat(w, Duration.ofSeconds(15));
        store.heartbeat(new WorkerRecord("w1", "host", 43, List.of(), List.of(), 1, 0, 0, 0, clock.instant(), clock.instant()),
                Duration.ofSeconds(60));
        assertThat(store.workers()).extracting(WorkerRecord::id).containsExactly("w1", "w2");
        assertThat(store.workers().get(1)).isEqualTo(w);
        clock.advance(Duration.ofSeconds(15));
        assertThat(store.workers()).extracting(WorkerRecord::id).containsExactly("w1");
        store.removeWorker("w1");
        assertThat(store.workers()).isEmpty();
    }

    @Test
    void providerOpensRedisUrls() {
        RedisStoreProvider provider = new RedisStoreProvider();
        assertThat(provider.supports("redis://localhost:6379/0")).isTrue();
        assertThat(provider.supports("rediss://u:p@host:6380/1")).isTrue();
        assertThat(provider.supports("sqlite:./x.db")).isFalse();
        try (var opened = dev.porter.spi.JobStores.open(server.url(), clock)) {
            assertThat(opened.describe()).isEqualTo(server.url());
        }
    }
}
