package dev.porter.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.porter.Enqueued;
import dev.porter.InvalidJobException;
import dev.porter.JobError;
import dev.porter.JobInfo;
import dev.porter.JobOptions;
import dev.porter.JobStatus;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link JobStore}, one test per rule. A store's test extends this class and returns a
 * fresh, empty store from {@link #openStore}. Time comes from a {@link MutableClock}; only the
 * {@code awaitWork} and event-delivery tests wait (briefly) in real time.
 */
public abstract class JobStoreConformanceTest {

    protected static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    protected static final Duration LEASE = Duration.ofSeconds(30);
    protected static final String WORKER = "worker-1";
    protected static final String QUEUE = JobOptions.DEFAULT_QUEUE;

    protected MutableClock clock;
    protected JobStore store;

    /** A fresh, empty store whose every time comes from {@code clock}; the suite closes it. */
    protected abstract JobStore openStore(MutableClock clock);

    @BeforeEach
    void openFreshStore() {
        clock = new MutableClock(START);
        store = openStore(clock);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    protected JobSpec job(String id) {
        return new JobSpec(id);
    }

    /** A readable way to build a {@link NewJob}; run time defaults to the clock's now. */
    protected final class JobSpec {
        private final String id;
        private String function = "send_email";
        private String args = "{\"to\":\"a@example.com\"}";
        private String queue = QUEUE;
        private int priority;
        private Instant runAt;
        private Instant expiresAt;
        private Integer maxTries;
        private Duration timeout;
        private Duration keep;

        private JobSpec(String id) {
            this.id = id;
        }

        public JobSpec function(String value) {
            function = value;
            return this;
        }

        public JobSpec args(String value) {
            args = value;
            return this;
        }

        public JobSpec queue(String value) {
            queue = value;
            return this;
        }

        public JobSpec priority(int value) {
            priority = value;
            return this;
        }

        public JobSpec deferBy(Duration value) {
            runAt = clock.instant().plus(value);
            return this;
        }

        public JobSpec expiresIn(Duration value) {
            expiresAt = clock.instant().plus(value);
            return this;
        }

        public JobSpec maxTries(int value) {
            maxTries = value;
            return this;
        }

        public JobSpec timeout(Duration value) {
            timeout = value;
            return this;
        }

        public JobSpec keep(Duration value) {
            keep = value;
            return this;
        }

        public NewJob build() {
            return new NewJob(id, function, args, queue, priority, runAt == null ? clock.instant() : runAt,
                    expiresAt, maxTries, timeout, keep);
        }
    }

    protected List<Enqueued> enqueue(JobSpec... jobs) {
        return store.enqueue(Arrays.stream(jobs).map(JobSpec::build).toList());
    }

    protected Enqueued enqueue(JobSpec job) {
        List<Enqueued> out = store.enqueue(List.of(job.build()));
        assertThat(out).hasSize(1);
        return out.getFirst();
    }

    protected List<ClaimedJob> claim(int max, String... queues) {
        return store.claim(WORKER, queues.length == 0 ? List.of(QUEUE) : List.of(queues), max, LEASE);
    }

    protected ClaimedJob claimOne() {
        List<ClaimedJob> claimed = claim(1);
        assertThat(claimed).as("claimed jobs").hasSize(1);
        return claimed.getFirst();
    }

    /** Enqueues a job and claims it. */
    protected ClaimedJob running(JobSpec job) {
        enqueue(job);
        ClaimedJob claimed = claimOne();
        assertThat(claimed.id()).isEqualTo(job.id);
        return claimed;
    }

    protected boolean finish(Outcome outcome) {
        boolean[] applied = store.finish(List.of(outcome));
        assertThat(applied).hasSize(1);
        return applied[0];
    }

    protected JobStatus status(String id) {
        return store.get(id).map(JobInfo::status).orElse(JobStatus.NOT_FOUND);
    }

    protected JobInfo info(String id) {
        return store.get(id).orElseThrow(() -> new AssertionError("job " + id + " not found"));
    }

    protected static List<String> ids(List<ClaimedJob> claimed) {
        return claimed.stream().map(ClaimedJob::id).toList();
    }

    protected static Lease staleLease(ClaimedJob job) {
        return new Lease(job.id(), job.lease().token() + "-stale");
    }

    protected static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5));
    }

    /** Collects the events a store delivers. */
    protected static final class Recorder implements Consumer<JobEvent> {
        final List<JobEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void accept(JobEvent event) {
            events.add(event);
        }

        List<JobEvent> of(String jobId) {
            return events.stream().filter(e -> e.jobId().equals(jobId)).toList();
        }

        boolean has(String jobId, JobEvent.Kind kind, JobStatus status) {
            return of(jobId).stream().anyMatch(e -> e.kind() == kind && e.status() == status);
        }
    }

    protected Recorder subscribe() {
        Recorder recorder = new Recorder();
        store.subscribe(recorder);
        return recorder;
    }

    // ---- rules -----------------------------------------------------------------------------

    @Nested
    class Enqueue {
        @Test
        void returnsOneOutcomePerJobInOrder() {
            List<Enqueued> out = enqueue(job("a"), job("b"), job("c"));

            assertThat(out).containsExactly(
                    new Enqueued("a", true, JobStatus.QUEUED),
                    new Enqueued("b", true, JobStatus.QUEUED),
                    new Enqueued("c", true, JobStatus.QUEUED));
        }

        @Test
        void anEmptyBatchStoresNothing() {
            assertThat(store.enqueue(List.of())).isEmpty();
            assertThat(store.queues()).isEmpty();
        }

        @Test
        void storesEveryField() {
            Instant now = clock.instant();
            enqueue(job("a").function("resize").args("[1,2]").queue("images").priority(7)
                    .expiresIn(Duration.ofHours(1)).maxTries(4).timeout(Duration.ofSeconds(90))
                    .keep(Duration.ofDays(2)));

            JobInfo a = info("a");
            assertThat(a.id()).isEqualTo("a");
            assertThat(a.function()).isEqualTo("resize");
            assertThat(a.argsJson()).isEqualTo("[1,2]");
            assertThat(a.queue()).isEqualTo("images");
            assertThat(a.priority()).isEqualTo(7);
            assertThat(a.status()).isEqualTo(JobStatus.QUEUED);
            assertThat(a.tries()).isZero();
            assertThat(a.maxTries()).isEqualTo(4);
            assertThat(a.timeout()).isEqualTo(Duration.ofSeconds(90));
            assertThat(a.keepResult()).isEqualTo(Duration.ofDays(2));
            assertThat(a.enqueuedAt()).isEqualTo(now);
            assertThat(a.runAt()).isEqualTo(now);
            assertThat(a.expiresAt()).isEqualTo(now.plus(Duration.ofHours(1)));
            assertThat(a.startedAt()).isNull();
            assertThat(a.finishedAt()).isNull();
            assertThat(a.keepUntil()).isNull();
            assertThat(a.workerId()).isNull();
            assertThat(a.progress()).isNull();
            assertThat(a.resultJson()).isNull();
            assertThat(a.error()).isNull();
            assertThat(a.logs()).isEmpty();
            assertThat(a.abortRequested()).isFalse();
        }

        @Test
        void optionalFieldsMayBeAbsent() {
            enqueue(job("a"));

            JobInfo a = info("a");
            assertThat(a.maxTries()).isNull();
            assertThat(a.timeout()).isNull();
            assertThat(a.keepResult()).isNull();
            assertThat(a.expiresAt()).isNull();
        }

        @Test
        void keepsForeverAsAnOption() {
            enqueue(job("a").keep(JobOptions.FOREVER));

            assertThat(info("a").keepResult()).isEqualTo(JobOptions.FOREVER);
        }

        @Test
        void anUnknownIdIsNotFound() {
            assertThat(store.get("nope")).isEmpty();
        }

        @Test
        void takesTimesFromTheStoreClock() {
            assertThat(store.clock().instant()).isEqualTo(START);
            clock.advance(Duration.ofMinutes(5));
            enqueue(job("a"));

            assertThat(info("a").enqueuedAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
        }
    }

    @Nested
    class Deduplication {
        @Test
        void aPendingIdCreatesNothing() {
            enqueue(job("a").args("1"));

            Enqueued again = enqueue(job("a").args("2"));

            assertThat(again).isEqualTo(new Enqueued("a", false, JobStatus.QUEUED));
            assertThat(info("a").argsJson()).isEqualTo("1");
            assertThat(store.list(JobQuery.all(10)).jobs()).hasSize(1);
        }

        @Test
        void reportsADeferredJobsStatus() {
            enqueue(job("a").deferBy(Duration.ofMinutes(1)));

            assertThat(enqueue(job("a"))).isEqualTo(new Enqueued("a", false, JobStatus.DEFERRED));
        }

        @Test
        void aRunningIdCreatesNothing() {
            running(job("a"));

            assertThat(enqueue(job("a"))).isEqualTo(new Enqueued("a", false, JobStatus.IN_PROGRESS));
            assertThat(claim(10)).isEmpty();
        }

        @Test
        void aFinishedAndKeptIdCreatesNothing() {
            ClaimedJob a = running(job("a"));
            finish(new Outcome.Completed(a.lease(), "\"done\"", Duration.ofHours(1)));

            assertThat(enqueue(job("a"))).isEqualTo(new Enqueued("a", false, JobStatus.COMPLETE));
            assertThat(claim(10)).isEmpty();
        }

        @Test
        void anExpiredFinishedIdCanBeUsedAgain() {
            ClaimedJob a = running(job("a").args("1"));
            finish(new Outcome.Completed(a.lease(), "\"done\"", Duration.ofMinutes(1)));
            clock.advance(Duration.ofMinutes(2));

            assertThat(enqueue(job("a").args("2"))).isEqualTo(new Enqueued("a", true, JobStatus.QUEUED));
            assertThat(info("a").argsJson()).isEqualTo("2");
            assertThat(info("a").tries()).isZero();
        }

        @Test
        void withinOneBatchTheFirstWins() {
            List<Enqueued> out = enqueue(job("a").args("1"), job("b"), job("a").args("2"));

            assertThat(out).containsExactly(
                    new Enqueued("a", true, JobStatus.QUEUED),
                    new Enqueued("b", true, JobStatus.QUEUED),
                    new Enqueued("a", false, JobStatus.QUEUED));
            assertThat(info("a").argsJson()).isEqualTo("1");
        }
    }

    @Nested
    class Defer {
        @Test
        void aDeferredJobWaitsForItsRunTime() {
            Enqueued out = enqueue(job("a").deferBy(Duration.ofMinutes(5)));

            assertThat(out.status()).isEqualTo(JobStatus.DEFERRED);
            assertThat(info("a").runAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
            assertThat(claim(10)).isEmpty();

            clock.advance(Duration.ofMinutes(4));
            assertThat(status("a")).isEqualTo(JobStatus.DEFERRED);
            assertThat(claim(10)).isEmpty();
        }

        @Test
        void onceDueItIsQueuedAndClaimable() {
            enqueue(job("a").deferBy(Duration.ofMinutes(5)));

            clock.advance(Duration.ofMinutes(5));

            assertThat(status("a")).as("derived from the clock, no store call needed").isEqualTo(JobStatus.QUEUED);
            assertThat(ids(claim(10))).containsExactly("a");
        }
    }

    @Nested
    class Expiry {
        @Test
        void anExpiredPendingJobIsNeverClaimedAndFails() {
            enqueue(job("a").expiresIn(Duration.ofMinutes(1)));
            clock.advance(Duration.ofMinutes(2));

            assertThat(claim(10)).isEmpty();

            JobInfo a = info("a");
            assertThat(a.status()).isEqualTo(JobStatus.FAILED);
            assertThat(a.error().type()).isEqualTo(JobError.EXPIRED);
            assertThat(a.tries()).isZero();
            assertThat(a.finishedAt()).isNotNull();
        }

        @Test
        void anExpiredDeferredJobIsNeverClaimed() {
            enqueue(job("a").deferBy(Duration.ofMinutes(5)).expiresIn(Duration.ofMinutes(1)));
            clock.advance(Duration.ofMinutes(6));

            assertThat(claim(10)).isEmpty();
            assertThat(info("a").error().type()).isEqualTo(JobError.EXPIRED);
        }

        @Test
        void expiredJobsDoNotTakeTheSlotsOfLiveOnes() {
            enqueue(job("old").priority(5).expiresIn(Duration.ofMinutes(1)), job("live"));
            clock.advance(Duration.ofMinutes(2));

            assertThat(ids(claim(1))).containsExactly("live");
        }

        @Test
        void aJobNotYetExpiredRuns() {
            enqueue(job("a").expiresIn(Duration.ofMinutes(1)));
            clock.advance(Duration.ofSeconds(59));

            assertThat(ids(claim(10))).containsExactly("a");
        }
    }

    @Nested
    class Priority {
        @Test
        void higherPriorityFirstThenEnqueueOrder() {
            enqueue(job("low").priority(-5), job("mid1"), job("high").priority(10), job("mid2"));

            assertThat(ids(claim(10))).containsExactly("high", "mid1", "mid2", "low");
        }

        @Test
        void oneAtATimeTheBestJobComesFirst() {
            enqueue(job("low").priority(-1), job("first"), job("high").priority(1), job("second"));

            List<String> order = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                order.add(claimOne().id());
            }

            assertThat(order).containsExactly("high", "first", "second", "low");
        }

        @Test
        void aDeferredJobKeepsItsPriorityWhenDue() {
            enqueue(job("later").priority(5).deferBy(Duration.ofMinutes(1)), job("now1"), job("now2"));
            clock.advance(Duration.ofMinutes(1));

            assertThat(ids(claim(10))).containsExactly("later", "now1", "now2");
        }

        @Test
        void aRetriedJobKeepsItsPriority() {
            ClaimedJob a = running(job("a").priority(3));
            enqueue(job("b"));
            finish(new Outcome.Retrying(a.lease(), clock.instant(), JobError.of("java.io.IOException", "boom")));

            assertThat(ids(claim(10))).containsExactly("a", "b");
        }
    }

    @Nested
    class Claim {
        @Test
        void nothingToClaim() {
            assertThat(claim(10)).isEmpty();
        }

        @Test
        void claimsAtMostMax() {
            enqueue(job("a"), job("b"), job("c"));

            assertThat(ids(claim(2))).containsExactly("a", "b");
            assertThat(ids(claim(2))).containsExactly("c");
        }

        @Test
        void claimsOnlyFromTheGivenQueues() {
            enqueue(job("a").queue("mail"), job("b").queue("images"), job("c").queue("other"));

            assertThat(ids(claim(10, "mail", "images"))).containsExactlyInAnyOrder("a", "b");
            assertThat(ids(claim(10, "mail", "images"))).isEmpty();
            assertThat(status("c")).isEqualTo(JobStatus.QUEUED);
        }

        @Test
        void ordersAcrossQueuesByPriorityThenEnqueueOrder() {
            enqueue(job("m1").queue("mail"), job("i1").queue("images"), job("m2").queue("mail").priority(1));

            assertThat(ids(claim(2, "mail", "images"))).containsExactly("m2", "m1");
        }

        @Test
        void aClaimedJobIsLeasedAndInProgress() {
            enqueue(job("a").function("resize").args("[1]").queue(QUEUE).priority(2).maxTries(3)
                    .timeout(Duration.ofSeconds(9)).keep(Duration.ofHours(1)));
            clock.advance(Duration.ofSeconds(3));

            ClaimedJob a = claimOne();

            assertThat(a.id()).isEqualTo("a");
            assertThat(a.function()).isEqualTo("resize");
            assertThat(a.argsJson()).isEqualTo("[1]");
            assertThat(a.queue()).isEqualTo(QUEUE);
            assertThat(a.priority()).isEqualTo(2);
            assertThat(a.tryNumber()).isEqualTo(1);
            assertThat(a.maxTries()).isEqualTo(3);
            assertThat(a.timeout()).isEqualTo(Duration.ofSeconds(9));
            assertThat(a.keepResult()).isEqualTo(Duration.ofHours(1));
            assertThat(a.enqueuedAt()).isEqualTo(START);
            assertThat(a.lease().jobId()).isEqualTo("a");
            assertThat(a.lease().token()).isNotBlank();

            JobInfo info = info("a");
            assertThat(info.status()).isEqualTo(JobStatus.IN_PROGRESS);
            assertThat(info.tries()).isEqualTo(1);
            assertThat(info.workerId()).isEqualTo(WORKER);
            assertThat(info.startedAt()).isEqualTo(START.plusSeconds(3));
        }

        @Test
        void theTryNumberGoesUpWithEveryClaim() {
            ClaimedJob first = running(job("a"));
            finish(new Outcome.Retrying(first.lease(), clock.instant(), JobError.of("x", "boom")));

            ClaimedJob second = claimOne();

            assertThat(second.tryNumber()).isEqualTo(2);
            assertThat(second.lease().token()).isNotEqualTo(first.lease().token());
            assertThat(info("a").tries()).isEqualTo(2);
        }

        @Test
        void concurrentClaimersNeverShareAJob() throws Exception {
            int jobs = 200;
            store.enqueue(IntStream.range(0, jobs).mapToObj(i -> job("j" + i).build()).toList());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<String>>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    String worker = "w" + t;
                    results.add(pool.submit(() -> {
                        start.await();
                        List<String> mine = new ArrayList<>();
                        List<ClaimedJob> got;
                        while (!(got = store.claim(worker, List.of(QUEUE), 7, LEASE)).isEmpty()) {
                            mine.addAll(ids(got));
                        }
                        return mine;
                    }));
                }
                start.countDown();
                List<String> all = new ArrayList<>();
                for (Future<List<String>> r : results) {
                    all.addAll(r.get(20, TimeUnit.SECONDS));
                }
                assertThat(all).hasSize(jobs).doesNotHaveDuplicates();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class Leases {
        @Test
        void renewingExtendsTheLease() {
            ClaimedJob a = running(job("a"));
            clock.advance(Duration.ofSeconds(25));

            RenewResult renewed = store.renew(WORKER, List.of(a.lease()), LEASE);
            clock.advance(Duration.ofSeconds(25));

            assertThat(renewed.lost()).isEmpty();
            assertThat(renewed.abortRequested()).isEmpty();
            assertThat(store.reapExpiredLeases()).isZero();
            assertThat(status("a")).isEqualTo(JobStatus.IN_PROGRESS);
        }

        @Test
        void renewsManyLeasesInOneCall() {
            enqueue(job("a"), job("b"));
            List<ClaimedJob> both = claim(2);

            RenewResult renewed = store.renew(WORKER, both.stream().map(ClaimedJob::lease).toList(), LEASE);

            assertThat(renewed.lost()).isEmpty();
        }

        @Test
        void aLeaseThatIsNotTheJobsCurrentOneIsLost() {
            ClaimedJob a = running(job("a"));

            RenewResult renewed = store.renew(WORKER,
                    List.of(staleLease(a), new Lease("unknown", "token")), LEASE);

            assertThat(renewed.lost()).containsExactlyInAnyOrder("a", "unknown");
        }

        @Test
        void anotherWorkersLeaseIsLost() {
            ClaimedJob a = running(job("a"));

            assertThat(store.renew("worker-2", List.of(a.lease()), LEASE).lost()).containsExactly("a");
        }

        @Test
        void anExpiredAndReapedLeaseIsLost() {
            ClaimedJob a = running(job("a"));
            clock.advance(LEASE.plusSeconds(1));
            store.reapExpiredLeases();

            assertThat(store.renew(WORKER, List.of(a.lease()), LEASE).lost()).containsExactly("a");
        }

        @Test
        void theLeaseOfAFinishedJobIsLost() {
            ClaimedJob a = running(job("a"));
            finish(new Outcome.Completed(a.lease(), "1", Duration.ofHours(1)));

            assertThat(store.renew(WORKER, List.of(a.lease()), LEASE).lost()).containsExactly("a");
        }

        @Test
        void anExpiredLeaseIsReapedAndTheJobQueuedAgain() {
            ClaimedJob first = running(job("a"));
            clock.advance(LEASE.plusSeconds(1));

            assertThat(store.reapExpiredLeases()).isEqualTo(1);

            JobInfo a = info("a");
            assertThat(a.status()).isEqualTo(JobStatus.QUEUED);
            assertThat(a.tries()).as("the next claim bumps it").isEqualTo(1);
            ClaimedJob second = claimOne();
            assertThat(second.tryNumber()).isEqualTo(2);
            assertThat(second.lease().token()).isNotEqualTo(first.lease().token());
        }

        @Test
        void aLiveLeaseIsNotReaped() {
            running(job("a"));
            clock.advance(LEASE.minusSeconds(1));

            assertThat(store.reapExpiredLeases()).isZero();
            assertThat(status("a")).isEqualTo(JobStatus.IN_PROGRESS);
        }

        @Test
        void reapingIsIdempotent() {
            running(job("a"));
            clock.advance(LEASE.plusSeconds(1));

            assertThat(store.reapExpiredLeases()).isEqualTo(1);
            assertThat(store.reapExpiredLeases()).isZero();
            assertThat(ids(claim(10))).containsExactly("a");
        }

        @Test
        void concurrentReapersReapEachJobOnce() throws Exception {
            int jobs = 50;
            store.enqueue(IntStream.range(0, jobs).mapToObj(i -> job("j" + i).build()).toList());
            assertThat(claim(jobs)).hasSize(jobs);
            clock.advance(LEASE.plusSeconds(1));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> reaped = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    reaped.add(pool.submit(() -> {
                        start.await();
                        return store.reapExpiredLeases() + store.reapExpiredLeases();
                    }));
                }
                start.countDown();
                int total = 0;
                for (Future<Integer> r : reaped) {
                    total += r.get(20, TimeUnit.SECONDS);
                }
                assertThat(total).isEqualTo(jobs);
            } finally {
                pool.shutdownNow();
            }
            assertThat(claim(jobs + 1)).hasSize(jobs).allSatisfy(j -> assertThat(j.tryNumber()).isEqualTo(2));
        }

        @Test
        void aWorkerThatLostItsLeaseCannotOverwriteTheRerun() {
            ClaimedJob first = running(job("a"));
            clock.advance(LEASE.plusSeconds(1));
            store.reapExpiredLeases();
            ClaimedJob second = claimOne();

            assertThat(finish(new Outcome.Completed(first.lease(), "\"old\"", Duration.ofHours(1)))).isFalse();
            assertThat(finish(new Outcome.Completed(second.lease(), "\"new\"", Duration.ofHours(1)))).isTrue();
            assertThat(info("a").resultJson()).isEqualTo("\"new\"");
        }
    }

    @Nested
    class Fencing {
        private void assertStaleWriteChangesNothing(Function<Lease, Outcome> outcome) {
            ClaimedJob a = running(job("a"));
            JobInfo before = info("a");

            assertThat(finish(outcome.apply(staleLease(a)))).isFalse();

            assertThat(info("a")).isEqualTo(before);
            assertThat(finish(outcome.apply(a.lease()))).as("the real lease still works").isTrue();
        }

        @Test
        void completedWithAStaleLease() {
            assertStaleWriteChangesNothing(l -> new Outcome.Completed(l, "1", Duration.ofHours(1)));
        }

        @Test
        void retryingWithAStaleLease() {
            assertStaleWriteChangesNothing(l -> new Outcome.Retrying(l, clock.instant(), JobError.of("x", "y")));
        }

        @Test
        void failedWithAStaleLease() {
            assertStaleWriteChangesNothing(l -> new Outcome.Failed(l, JobError.of("x", "y"), Duration.ofHours(1)));
        }

        @Test
        void abortedWithAStaleLease() {
            assertStaleWriteChangesNothing(l -> new Outcome.Aborted(l, Duration.ofHours(1)));
        }

        @Test
        void releasedWithAStaleLease() {
            assertStaleWriteChangesNothing(Outcome.Released::new);
        }

        @Test
        void progressWithAStaleLease() {
            ClaimedJob a = running(job("a"));

            assertThat(store.progress(staleLease(a), 0.5, "half")).isFalse();

            assertThat(info("a").progress()).isNull();
        }

        @Test
        void logWithAStaleLease() {
            ClaimedJob a = running(job("a"));

            assertThat(store.log(staleLease(a), "hello")).isFalse();

            assertThat(info("a").logs()).isEmpty();
        }

        @Test
        void aFinishedJobCannotBeFinishedAgain() {
            ClaimedJob a = running(job("a"));
            finish(new Outcome.Completed(a.lease(), "1", Duration.ofHours(1)));

            assertThat(finish(new Outcome.Failed(a.lease(), JobError.of("x", "y"), Duration.ofHours(1)))).isFalse();
            assertThat(store.progress(a.lease(), 0.9, "late")).isFalse();
            assertThat(store.log(a.lease(), "late")).isFalse();
            assertThat(status("a")).isEqualTo(JobStatus.COMPLETE);
        }

        @Test
        void aBatchReportsEachOutcome() {
            enqueue(job("a"), job("b"));
            List<ClaimedJob> both = claim(2);

            boolean[] applied = store.finish(List.of(
                    new Outcome.Completed(both.get(0).lease(), "1", Duration.ofHours(1)),
                    new Outcome.Completed(staleLease(both.get(1)), "2", Duration.ofHours(1)),
                    new Outcome.Completed(new Lease("unknown", "t"), "3", Duration.ofHours(1))));

            assertThat(applied).containsExactly(true, false, false);
            assertThat(status("a")).isEqualTo(JobStatus.COMPLETE);
            assertThat(status("b")).isEqualTo(JobStatus.IN_PROGRESS);
        }
    }

    @Nested
    class Outcomes {
        @Test
        void completedStoresTheResult() {
            ClaimedJob a = running(job("a"));
            clock.advance(Duration.ofSeconds(2));

            assertThat(finish(new Outcome.Completed(a.lease(), "{\"ok\":true}", Duration.ofHours(1)))).isTrue();

            JobInfo info = info("a");
            assertThat(info.status()).isEqualTo(JobStatus.COMPLETE);
            assertThat(info.resultJson()).isEqualTo("{\"ok\":true}");
            assertThat(info.finishedAt()).isEqualTo(START.plusSeconds(2));
            assertThat(info.keepUntil()).isEqualTo(START.plusSeconds(2).plus(Duration.ofHours(1)));
            assertThat(info.workerId()).isEqualTo(WORKER);
            assertThat(info.tries()).isEqualTo(1);
        }

        @Test
        void keepZeroDropsTheJobAtOnce() {
            ClaimedJob a = running(job("a"));

            assertThat(finish(new Outcome.Completed(a.lease(), "1", Duration.ZERO))).isTrue();

            assertThat(store.get("a")).isEmpty();
            assertThat(store.list(JobQuery.all(10)).jobs()).isEmpty();
            assertThat(enqueue(job("a")).created()).isTrue();
        }

        @Test
        void keepForeverNeverExpires() {
            ClaimedJob a = running(job("a"));
            finish(new Outcome.Completed(a.lease(), "1", JobOptions.FOREVER));

            clock.advance(Duration.ofDays(3650));

            assertThat(store.purgeExpired()).isZero();
            JobInfo info = info("a");
            assertThat(info.status()).isEqualTo(JobStatus.COMPLETE);
            assertThat(info.keepUntil()).isNull();
        }

        @Test
        void retryingLaterDefersTheJobWithTheError() {
            ClaimedJob a = running(job("a"));
            JobError error = new JobError("java.io.IOException", "connection reset", "at x.y(Z.java:1)");

            assertThat(finish(new Outcome.Retrying(a.lease(), clock.instant().plusSeconds(30), error))).isTrue();

            JobInfo info = info("a");
            assertThat(info.status()).isEqualTo(JobStatus.DEFERRED);
            assertThat(info.runAt()).isEqualTo(START.plusSeconds(30));
            assertThat(info.error()).isEqualTo(error);
            assertThat(info.tries()).isEqualTo(1);
            assertThat(claim(10)).isEmpty();

            clock.advance(Duration.ofSeconds(30));
            assertThat(status("a")).isEqualTo(JobStatus.QUEUED);
            assertThat(claimOne().tryNumber()).isEqualTo(2);
        }

        @Test
        void aTryThatCompletesAfterAFailedOneLeavesNoErrorButTheTryErrorsStay() {
            ClaimedJob first = running(job("a"));
            JobError error = JobError.of("x", "boom");
            finish(new Outcome.Retrying(first.lease(), clock.instant(), error));
            ClaimedJob second = claimOne();
            assertThat(info("a").error()).as("kept while the next try runs").isEqualTo(error);

            finish(new Outcome.Completed(second.lease(), "1", Duration.ofHours(1)));

            JobInfo info = info("a");
            assertThat(info.status()).isEqualTo(JobStatus.COMPLETE);
            assertThat(info.error()).isNull();
            assertThat(info.errors()).extracting(e -> e.error().message()).containsExactly("boom");
        }

        @Test
        void retryingNowQueuesAtOnce() {
            ClaimedJob a = running(job("a"));

            finish(new Outcome.Retrying(a.lease(), clock.instant(), JobError.of("x", "boom")));

            assertThat(status("a")).isEqualTo(JobStatus.QUEUED);
        }

        @Test
        void failedEndsTheJob() {
            ClaimedJob a = running(job("a"));
            JobError error = JobError.of("java.lang.IllegalStateException", "bad");

            assertThat(finish(new Outcome.Failed(a.lease(), error, Duration.ofHours(1)))).isTrue();

            JobInfo info = info("a");
            assertThat(info.status()).isEqualTo(JobStatus.FAILED);
            assertThat(info.error()).isEqualTo(error);
            assertThat(info.finishedAt()).isEqualTo(START);
            assertThat(info.keepUntil()).isEqualTo(START.plus(Duration.ofHours(1)));
            assertThat(claim(10)).isEmpty();
        }

        @Test
        void abortedEndsTheJob() {
            ClaimedJob a = running(job("a"));

            assertThat(finish(new Outcome.Aborted(a.lease(), Duration.ofHours(1)))).isTrue();

            assertThat(status("a")).isEqualTo(JobStatus.ABORTED);
            assertThat(info("a").finishedAt()).isEqualTo(START);
            assertThat(claim(10)).isEmpty();
        }

        @Test
        void releasedQueuesAtOnceAndTheTryDoesNotCount() {
            ClaimedJob a = running(job("a"));

            assertThat(finish(new Outcome.Released(a.lease()))).isTrue();

            JobInfo info = info("a");
            assertThat(info.status()).isEqualTo(JobStatus.QUEUED);
            assertThat(info.tries()).isZero();
            ClaimedJob again = claimOne();
            assertThat(again.tryNumber()).isEqualTo(1);
            assertThat(again.lease().token()).isNotEqualTo(a.lease().token());
        }
    }

    @Nested
    class ProgressAndLog {
        @Test
        void progressIsRecorded() {
            ClaimedJob a = running(job("a"));

            assertThat(store.progress(a.lease(), 0.25, "a quarter")).isTrue();
            assertThat(store.progress(a.lease(), 0.5, "half")).isTrue();

            JobInfo info = info("a");
            assertThat(info.progress()).isEqualTo(0.5);
            assertThat(info.progressMessage()).isEqualTo("half");
        }

        @Test
        void logLinesAreKeptInOrder() {
            ClaimedJob a = running(job("a"));

            assertThat(store.log(a.lease(), "one")).isTrue();
            assertThat(store.log(a.lease(), "two")).isTrue();

            assertThat(info("a").logs()).containsExactly("one", "two");
        }

        @Test
        void onlyTheLastLinesAreKept() {
            ClaimedJob a = running(job("a"));

            for (int i = 0; i < JobStore.MAX_LOG_LINES + 5; i++) {
                store.log(a.lease(), "line " + i);
            }

            List<String> logs = info("a").logs();
            assertThat(logs).hasSize(JobStore.MAX_LOG_LINES);
            assertThat(logs.getFirst()).isEqualTo("line 5");
            assertThat(logs.getLast()).isEqualTo("line " + (JobStore.MAX_LOG_LINES + 4));
        }

        @Test
        void longLinesAreCut() {
            ClaimedJob a = running(job("a"));
            String longLine = "x".repeat(JobStore.MAX_LOG_LINE * 3);

            store.log(a.lease(), longLine);

            String kept = info("a").logs().getFirst();
            assertThat(kept.length()).isLessThanOrEqualTo(JobStore.MAX_LOG_LINE);
            assertThat(kept).startsWith("x".repeat(JobStore.MAX_LOG_LINE / 2));
        }

        @Test
        void theLogOutlivesTheTry() {
            ClaimedJob a = running(job("a"));
            store.log(a.lease(), "started");
            finish(new Outcome.Completed(a.lease(), "1", Duration.ofHours(1)));

            assertThat(info("a").logs()).containsExactly("started");
        }
    }

    @Nested
    class Abort {
        @Test
        void aQueuedJobIsAbortedAtOnceAndNeverRuns() {
            enqueue(job("a"));

            assertThat(store.abort("a")).isEqualTo(JobStatus.ABORTED);

            assertThat(status("a")).isEqualTo(JobStatus.ABORTED);
            assertThat(info("a").finishedAt()).isEqualTo(START);
            assertThat(claim(10)).isEmpty();
        }

        @Test
        void aDeferredJobIsAbortedAtOnce() {
            enqueue(job("a").deferBy(Duration.ofMinutes(1)));

            assertThat(store.abort("a")).isEqualTo(JobStatus.ABORTED);

            clock.advance(Duration.ofMinutes(2));
            assertThat(claim(10)).isEmpty();
            assertThat(status("a")).isEqualTo(JobStatus.ABORTED);
        }

        @Test
        void aRunningJobIsFlaggedAndItsWorkerTold() {
            ClaimedJob a = running(job("a"));
            Recorder events = subscribe();

            assertThat(store.abort("a")).isEqualTo(JobStatus.IN_PROGRESS);

            JobInfo info = info("a");
            assertThat(info.status()).isEqualTo(JobStatus.IN_PROGRESS);
            assertThat(info.abortRequested()).isTrue();
            RenewResult renewed = store.renew(WORKER, List.of(a.lease()), LEASE);
            assertThat(renewed.abortRequested()).containsExactly("a");
            assertThat(renewed.lost()).isEmpty();
            eventually().until(() -> events.has("a", JobEvent.Kind.ABORT_REQUESTED, JobStatus.IN_PROGRESS));

            assertThat(finish(new Outcome.Aborted(a.lease(), Duration.ofHours(1)))).isTrue();
            assertThat(status("a")).isEqualTo(JobStatus.ABORTED);
        }

        @Test
        void theReaperAbortsARunningJobWhoseWorkerIsGone() {
            running(job("a"));
            store.abort("a");
            clock.advance(LEASE.plusSeconds(1));

            assertThat(store.reapExpiredLeases()).isEqualTo(1);

            assertThat(status("a")).isEqualTo(JobStatus.ABORTED);
            assertThat(claim(10)).isEmpty();
        }

        @Test
        void aFinishedJobIsLeftAsItIs() {
            ClaimedJob a = running(job("a"));
            finish(new Outcome.Completed(a.lease(), "1", Duration.ofHours(1)));

            assertThat(store.abort("a")).isEqualTo(JobStatus.COMPLETE);

            assertThat(status("a")).isEqualTo(JobStatus.COMPLETE);
            assertThat(info("a").abortRequested()).isFalse();
        }

        @Test
        void anUnknownJobIsNotFound() {
            assertThat(store.abort("nope")).isEqualTo(JobStatus.NOT_FOUND);
        }
    }

    @Nested
    class RetryByHand {
        @Test
        void aFailedJobIsQueuedAgainWithItsTriesReset() {
            ClaimedJob a = running(job("a"));
            JobError error = JobError.of("x", "boom");
            finish(new Outcome.Failed(a.lease(), error, Duration.ofHours(1)));
            clock.advance(Duration.ofMinutes(1));

            assertThat(store.retry("a")).isTrue();

            JobInfo info = info("a");
            assertThat(info.status()).isEqualTo(JobStatus.QUEUED);
            assertThat(info.tries()).isZero();
            assertThat(info.runAt()).isEqualTo(clock.instant());
            assertThat(info.error()).as("kept until the next try ends").isEqualTo(error);
            assertThat(info.keepUntil()).isNull();
            assertThat(claimOne().tryNumber()).isEqualTo(1);
        }

        @Test
        void anAbortedJobIsQueuedAgain() {
            enqueue(job("a"));
            store.abort("a");

            assertThat(store.retry("a")).isTrue();

            assertThat(status("a")).isEqualTo(JobStatus.QUEUED);
            assertThat(info("a").abortRequested()).isFalse();
            assertThat(ids(claim(10))).containsExactly("a");
        }

        @Test
        void otherStatesAreLeftAlone() {
            enqueue(job("queued").queue("idle"), job("deferred").queue("idle").deferBy(Duration.ofMinutes(1)));
            ClaimedJob running = running(job("running"));
            ClaimedJob done = running(job("done"));
            finish(new Outcome.Completed(done.lease(), "1", Duration.ofHours(1)));

            for (String id : List.of("queued", "deferred", "running", "done", "unknown")) {
                JobStatus before = status(id);
                assertThat(store.retry(id)).as(id).isFalse();
                assertThat(status(id)).as(id).isEqualTo(before);
            }
            assertThat(info(running.id()).tries()).isEqualTo(1);
        }
    }

    @Nested
    class Delete {
        @Test
        void aPendingJobIsDeleted() {
            enqueue(job("a"));

            assertThat(store.delete("a")).isTrue();

            assertThat(store.get("a")).isEmpty();
            assertThat(claim(10)).isEmpty();
        }

        @Test
        void aFinishedJobIsDeleted() {
            ClaimedJob a = running(job("a"));
            store.log(a.lease(), "line");
            finish(new Outcome.Failed(a.lease(), JobError.of("x", "y"), JobOptions.FOREVER));

            assertThat(store.delete("a")).isTrue();

            assertThat(store.get("a")).isEmpty();
            enqueue(job("a"));
            assertThat(info("a").logs()).as("a new job with the id starts clean").isEmpty();
        }

        @Test
        void aRunningJobIsNotDeleted() {
            running(job("a"));

            assertThat(store.delete("a")).isFalse();

            assertThat(status("a")).isEqualTo(JobStatus.IN_PROGRESS);
        }

        @Test
        void anUnknownJobIsNotDeleted() {
            assertThat(store.delete("nope")).isFalse();
        }
    }

    @Nested
    class KeepResult {
        @Test
        void aJobPastItsKeepUntilIsGoneBeforePurge() {
            ClaimedJob a = running(job("a"));
            finish(new Outcome.Completed(a.lease(), "1", Duration.ofHours(1)));

            clock.advance(Duration.ofMinutes(59));
            assertThat(status("a")).isEqualTo(JobStatus.COMPLETE);

            clock.advance(Duration.ofMinutes(2));
            assertThat(store.get("a")).isEmpty();
            assertThat(store.list(JobQuery.all(10)).jobs()).isEmpty();
            assertThat(store.abort("a")).isEqualTo(JobStatus.NOT_FOUND);
            assertThat(store.queues()).allSatisfy(q -> assertThat(q.complete()).isZero());
        }

        @Test
        void purgeRemovesExpiredJobsAndCountsThem() {
            for (String id : List.of("a", "b")) {
                ClaimedJob job = running(job(id));
                finish(new Outcome.Completed(job.lease(), "1", Duration.ofHours(1)));
            }
            ClaimedJob kept = running(job("kept"));
            finish(new Outcome.Failed(kept.lease(), JobError.of("x", "y"), Duration.ofDays(1)));
            enqueue(job("pending"));
            clock.advance(Duration.ofHours(2));

            assertThat(store.purgeExpired()).isEqualTo(2);
            assertThat(store.purgeExpired()).isZero();

            assertThat(status("kept")).isEqualTo(JobStatus.FAILED);
            assertThat(status("pending")).isEqualTo(JobStatus.QUEUED);
        }
    }

    @Nested
    class Events {
        @Test
        void enqueuePublishesTheNewState() {
            Recorder events = subscribe();

            enqueue(job("now").function("f").queue("q"), job("later").deferBy(Duration.ofMinutes(1)));

            eventually().until(() -> events.has("later", JobEvent.Kind.STATE, JobStatus.DEFERRED));
            JobEvent now = events.of("now").getFirst();
            assertThat(now.kind()).isEqualTo(JobEvent.Kind.STATE);
            assertThat(now.status()).isEqualTo(JobStatus.QUEUED);
            assertThat(now.queue()).isEqualTo("q");
            assertThat(now.function()).isEqualTo("f");
            assertThat(now.at()).isEqualTo(START);
        }

        @Test
        void aDuplicateIsNotPublished() {
            enqueue(job("a"));
            Recorder events = subscribe();

            enqueue(job("a"), job("b"));

            eventually().until(() -> events.has("b", JobEvent.Kind.STATE, JobStatus.QUEUED));
            assertThat(events.of("a")).isEmpty();
        }

        @Test
        void claimAndEachOutcomeArePublished() {
            Recorder events = subscribe();
            enqueue(job("done"), job("failed"), job("aborted"), job("retry"), job("released"));
            List<ClaimedJob> claimed = claim(5);
            store.finish(List.of(
                    new Outcome.Completed(claimed.get(0).lease(), "1", Duration.ofHours(1)),
                    new Outcome.Failed(claimed.get(1).lease(), JobError.of("x", "y"), Duration.ofHours(1)),
                    new Outcome.Aborted(claimed.get(2).lease(), Duration.ofHours(1)),
                    new Outcome.Retrying(claimed.get(3).lease(), clock.instant().plusSeconds(5), JobError.of("x", "y")),
                    new Outcome.Released(claimed.get(4).lease())));

            eventually().untilAsserted(() -> {
                for (ClaimedJob c : claimed) {
                    assertThat(events.has(c.id(), JobEvent.Kind.STATE, JobStatus.IN_PROGRESS)).as(c.id()).isTrue();
                }
                assertThat(events.has("done", JobEvent.Kind.STATE, JobStatus.COMPLETE)).isTrue();
                assertThat(events.has("failed", JobEvent.Kind.STATE, JobStatus.FAILED)).isTrue();
                assertThat(events.has("aborted", JobEvent.Kind.STATE, JobStatus.ABORTED)).isTrue();
                assertThat(events.has("retry", JobEvent.Kind.STATE, JobStatus.DEFERRED)).isTrue();
                assertThat(events.of("released").getLast().status()).isEqualTo(JobStatus.QUEUED);
            });
        }

        @Test
        void abortReapAndExpiryArePublished() {
            running(job("reaped"));
            enqueue(job("pending"), job("expiring").expiresIn(Duration.ofSeconds(1)).queue("other"));
            Recorder events = subscribe();

            store.abort("pending");
            clock.advance(LEASE.plusSeconds(1));
            store.reapExpiredLeases();
            claim(10, "other");

            eventually().untilAsserted(() -> {
                assertThat(events.has("pending", JobEvent.Kind.STATE, JobStatus.ABORTED)).isTrue();
                assertThat(events.has("reaped", JobEvent.Kind.STATE, JobStatus.QUEUED)).isTrue();
                assertThat(events.has("expiring", JobEvent.Kind.STATE, JobStatus.FAILED)).isTrue();
            });
        }

        @Test
        void progressIsPublished() {
            ClaimedJob a = running(job("a"));
            Recorder events = subscribe();

            store.progress(a.lease(), 0.75, "almost");

            eventually().until(() -> !events.of("a").isEmpty());
            JobEvent progress = events.of("a").getFirst();
            assertThat(progress.kind()).isEqualTo(JobEvent.Kind.PROGRESS);
            assertThat(progress.status()).isEqualTo(JobStatus.IN_PROGRESS);
            assertThat(progress.progress()).isEqualTo(0.75);
            assertThat(progress.message()).isEqualTo("almost");
        }

        @Test
        void aStaleWriteIsNotPublished() {
            ClaimedJob a = running(job("a"));
            Recorder events = subscribe();

            store.progress(staleLease(a), 0.5, "stale");
            finish(new Outcome.Completed(staleLease(a), "1", Duration.ofHours(1)));
            enqueue(job("marker"));

            eventually().until(() -> !events.of("marker").isEmpty());
            assertThat(events.of("a")).isEmpty();
        }

        @Test
        void closingTheSubscriptionStopsDelivery() throws Exception {
            Recorder closed = new Recorder();
            Recorder open = subscribe();
            AutoCloseable handle = store.subscribe(closed);
            enqueue(job("before"));
            eventually().until(() -> !closed.of("before").isEmpty());

            handle.close();
            enqueue(job("after"));

            eventually().until(() -> !open.of("after").isEmpty());
            assertThat(closed.of("after")).isEmpty();
        }
    }

    @Nested
    class Listing {
        @BeforeEach
        void someJobs() {
            enqueue(job("m1").queue("mail").function("send"), job("m2").queue("mail").function("send"),
                    job("i1").queue("images").function("resize"),
                    job("d1").queue("mail").function("send").deferBy(Duration.ofMinutes(10)));
            List<ClaimedJob> claimed = store.claim(WORKER, List.of("images"), 1, LEASE);
            assertThat(claimed).hasSize(1);
            finish(new Outcome.Completed(claimed.getFirst().lease(), "1", Duration.ofHours(1)));
        }

        private List<String> listIds(JobQuery query) {
            return store.list(query).jobs().stream().map(JobInfo::id).toList();
        }

        @Test
        void everything() {
            assertThat(listIds(JobQuery.all(100))).containsExactlyInAnyOrder("m1", "m2", "i1", "d1");
        }

        @Test
        void byQueue() {
            assertThat(listIds(new JobQuery("mail", null, null, null, 100))).containsExactlyInAnyOrder("m1", "m2", "d1");
        }

        @Test
        void byDerivedStatus() {
            assertThat(listIds(new JobQuery(null, JobStatus.QUEUED, null, null, 100))).containsExactlyInAnyOrder("m1", "m2");
            assertThat(listIds(new JobQuery(null, JobStatus.DEFERRED, null, null, 100))).containsExactly("d1");
            assertThat(listIds(new JobQuery(null, JobStatus.COMPLETE, null, null, 100))).containsExactly("i1");

            clock.advance(Duration.ofMinutes(10));
            assertThat(listIds(new JobQuery("mail", JobStatus.QUEUED, null, null, 100)))
                    .containsExactlyInAnyOrder("m1", "m2", "d1");
            assertThat(listIds(new JobQuery(null, JobStatus.DEFERRED, null, null, 100))).isEmpty();
        }

        @Test
        void inProgress() {
            ClaimedJob m = store.claim(WORKER, List.of("mail"), 1, LEASE).getFirst();

            assertThat(listIds(new JobQuery(null, JobStatus.IN_PROGRESS, null, null, 100))).containsExactly(m.id());
        }

        @Test
        void byFunction() {
            assertThat(listIds(new JobQuery(null, null, "resize", null, 100))).containsExactly("i1");
            assertThat(listIds(new JobQuery("mail", JobStatus.QUEUED, "send", null, 100))).containsExactlyInAnyOrder("m1", "m2");
            assertThat(listIds(new JobQuery("images", null, "send", null, 100))).isEmpty();
        }

        @Test
        void listedJobsCarryTheirInfo() {
            JobInfo i1 = store.list(new JobQuery("images", null, null, null, 10)).jobs().getFirst();

            assertThat(i1).isEqualTo(info("i1"));
        }

        @Test
        void pagingVisitsEveryMatchExactlyOnce() {
            store.enqueue(IntStream.range(0, 23).mapToObj(i -> job("p" + i).queue("paged").build()).toList());
            List<String> seen = new ArrayList<>();
            JobQuery query = new JobQuery("paged", null, null, null, 5);
            int pages = 0;
            JobPage page;
            do {
                page = store.list(query);
                seen.addAll(page.jobs().stream().map(JobInfo::id).toList());
                assertThat(page.jobs()).hasSizeLessThanOrEqualTo(5);
                query = query.withCursor(page.nextCursor());
                pages++;
            } while (page.nextCursor() != null && pages < 50);

            assertThat(page.nextCursor()).as("the last page has no cursor").isNull();
            assertThat(seen).hasSize(23).doesNotHaveDuplicates();
        }

        @Test
        void theLimitIsChecked() {
            assertThatThrownBy(() -> JobQuery.all(0)).isInstanceOf(InvalidJobException.class);
            assertThatThrownBy(() -> JobQuery.all(JobQuery.MAX_LIMIT + 1)).isInstanceOf(InvalidJobException.class);
            assertThat(store.list(JobQuery.all(1)).jobs()).hasSize(1);
        }
    }

    @Nested
    class QueueCounting {
        @Test
        void countsEveryStatePerQueueSortedByName() {
            enqueue(job("q1").queue("b"), job("q2").queue("b"), job("d").queue("b").deferBy(Duration.ofMinutes(1)),
                    job("r").queue("b").priority(9), job("c").queue("b").priority(8),
                    job("f").queue("b").priority(7), job("x").queue("b").priority(6), job("a1").queue("a"));
            List<ClaimedJob> claimed = claim(4, "b");
            assertThat(ids(claimed)).containsExactly("r", "c", "f", "x");
            store.finish(List.of(
                    new Outcome.Completed(claimed.get(1).lease(), "1", Duration.ofHours(1)),
                    new Outcome.Failed(claimed.get(2).lease(), JobError.of("x", "y"), Duration.ofHours(1)),
                    new Outcome.Aborted(claimed.get(3).lease(), Duration.ofHours(1))));

            assertThat(store.queues()).containsExactly(
                    new QueueCounts("a", 1, 0, 0, 0, 0, 0, false),
                    new QueueCounts("b", 2, 1, 1, 1, 1, 1, false));
        }

        @Test
        void countsFollowTheClock() {
            enqueue(job("d").deferBy(Duration.ofMinutes(1)));
            ClaimedJob done = running(job("done"));
            finish(new Outcome.Completed(done.lease(), "1", Duration.ofMinutes(2)));

            clock.advance(Duration.ofMinutes(3));

            assertThat(store.queues()).singleElement().satisfies(q -> {
                assertThat(q.queued()).isEqualTo(1);
                assertThat(q.deferred()).isZero();
                assertThat(q.complete()).isZero();
            });
        }
    }

    @Nested
    class AwaitWork {
        private static final Duration SHORT = Duration.ofMillis(200);

        private long millisToAwait(List<String> queues, Duration maxWait) throws InterruptedException {
            long start = System.nanoTime();
            store.awaitWork(queues, maxWait);
            return Duration.ofNanos(System.nanoTime() - start).toMillis();
        }

        private CompletableFuture<Long> millisToAwaitInBackground(Duration maxWait) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return millisToAwait(List.of(QUEUE), maxWait);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        @Test
        void returnsAtOnceWhenWorkIsDue() throws Exception {
            enqueue(job("a"));

            assertThat(millisToAwait(List.of(QUEUE), Duration.ofSeconds(5))).isLessThan(1000);
        }

        @Test
        void returnsAtOnceWhenADeferredJobBecameDue() throws Exception {
            enqueue(job("a").deferBy(Duration.ofMinutes(1)));
            clock.advance(Duration.ofMinutes(1));

            assertThat(millisToAwait(List.of(QUEUE), Duration.ofSeconds(5))).isLessThan(1000);
        }

        @Test
        void otherwiseWaitsAboutMaxWait() throws Exception {
            enqueue(job("elsewhere").queue("other"), job("later").deferBy(Duration.ofMinutes(1)));

            long waited = millisToAwait(List.of(QUEUE), SHORT);

            assertThat(waited).isBetween(SHORT.toMillis() / 2, SHORT.toMillis() + 1500);
        }

        @Test
        void wakesWhenAJobIsEnqueuedFromAnotherThread() throws Exception {
            CompletableFuture<Long> waited = millisToAwaitInBackground(Duration.ofSeconds(10));
            Thread.sleep(100);

            enqueue(job("a"));

            assertThat(waited.get(5, TimeUnit.SECONDS)).isLessThan(2000);
        }

        /** A sleep capped at the next due time it knew must not outlast a job deferred meanwhile. */
        @Test
        void wakesInTimeForAJobDeferredWhileItWaits() throws Exception {
            enqueue(job("later").deferBy(Duration.ofMinutes(10)));
            CompletableFuture<Long> waited = millisToAwaitInBackground(Duration.ofSeconds(10));
            Thread.sleep(100);

            enqueue(job("soon").deferBy(Duration.ofMillis(300)));

            assertThat(waited.get(5, TimeUnit.SECONDS)).isLessThan(2000);
        }

        @Test
        void anInterruptEndsTheWait() throws Exception {
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            Thread waiter = Thread.ofPlatform().start(() -> {
                try {
                    store.awaitWork(List.of(QUEUE), Duration.ofSeconds(10));
                    ended.complete(null);
                } catch (Throwable t) {
                    ended.complete(t);
                }
            });
            Thread.sleep(50);

            waiter.interrupt();

            // at once: well within the 10 s asked for, and a store's own longest sleep (5 s for Redis)
            assertThat(ended.get(2, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        }
    }

    /**
     * awaitAndClaim: awaitWork and claim as one step. Its claim follows claim's rules (tested above);
     * here, that it waits, claims what arrives, and never loses a claim to an interrupt.
     */
    @Nested
    class AwaitAndClaim {
        private List<ClaimedJob> awaitAndClaim(Duration maxWait) throws InterruptedException {
            return store.awaitAndClaim(WORKER, List.of(QUEUE), 10, LEASE, maxWait);
        }

        private CompletableFuture<List<ClaimedJob>> inBackground(Duration maxWait) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return awaitAndClaim(maxWait);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        @Test
        void claimsAtOnceWhatIsDue() throws Exception {
            enqueue(job("a"), job("b"));
            long start = System.nanoTime();

            List<ClaimedJob> claimed = awaitAndClaim(Duration.ofSeconds(5));

            assertThat(claimed).extracting(ClaimedJob::id).containsExactly("a", "b");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(info("a").status()).isEqualTo(JobStatus.IN_PROGRESS);
            assertThat(info("a").tries()).isEqualTo(1);
        }

        @Test
        void claimsAJobEnqueuedWhileItWaits() throws Exception {
            Instant calledAt = clock.instant();
            long start = System.nanoTime();
            CompletableFuture<List<ClaimedJob>> claimed = inBackground(Duration.ofSeconds(10));
            Thread.sleep(200);

            enqueue(job("a"));

            List<ClaimedJob> jobs = claimed.get(5, TimeUnit.SECONDS);
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(jobs).extracting(ClaimedJob::id).containsExactly("a");
            assertThat(waited).isLessThan(Duration.ofSeconds(3));
            JobInfo a = info("a");
            assertThat(a.status()).isEqualTo(JobStatus.IN_PROGRESS);
            assertThat(a.workerId()).isEqualTo(WORKER);
            // a store may count the wait into the claim's time (the clock stood still meanwhile)
            assertThat(a.startedAt()).isBetween(calledAt, calledAt.plus(waited));
            finish(new Outcome.Completed(jobs.get(0).lease(), "1", Duration.ofHours(1)));
            assertThat(info("a").status()).isEqualTo(JobStatus.COMPLETE);
        }

        /** A claim that took every due job may let the next wait skip its look (Redis does). */
        @Test
        void afterAClaimThatTookEverythingItStillWakesForNewWork() throws Exception {
            enqueue(job("a"));
            assertThat(claim(10)).extracting(ClaimedJob::id).containsExactly("a");
            CompletableFuture<List<ClaimedJob>> claimed = inBackground(Duration.ofSeconds(10));
            Thread.sleep(200);

            enqueue(job("b"));

            assertThat(claimed.get(3, TimeUnit.SECONDS)).extracting(ClaimedJob::id).containsExactly("b");
        }

        @Test
        void afterAClaimThatTookEverythingItWakesWhenTheNextDeferredJobComesDue() throws Exception {
            enqueue(job("a"), job("b").deferBy(Duration.ofMillis(400)));
            assertThat(claim(10)).extracting(ClaimedJob::id).containsExactly("a");
            long start = System.nanoTime();
            // the clock reaches b's time as the wall clock does (a store may go by either)
            CompletableFuture.runAsync(() -> clock.advance(Duration.ofMillis(400)),
                    CompletableFuture.delayedExecutor(400, TimeUnit.MILLISECONDS));

            List<ClaimedJob> got = awaitAndClaim(Duration.ofSeconds(10)); // must not sleep past b

            assertThat(got).extracting(ClaimedJob::id).containsExactly("b");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }

        @Test
        void returnsNothingWhenNothingCameWithinMaxWait() throws Exception {
            enqueue(job("elsewhere").queue("other"));
            long start = System.nanoTime();

            assertThat(awaitAndClaim(Duration.ofMillis(200))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(100), Duration.ofMillis(1700));
            assertThat(info("elsewhere").status()).isEqualTo(JobStatus.QUEUED);
        }

        @Test
        void anInterruptEndsTheWaitAndLosesNoClaim() throws Exception {
            CompletableFuture<Object> ended = new CompletableFuture<>();
            Thread waiter = Thread.ofPlatform().start(() -> {
                try {
                    List<ClaimedJob> jobs = awaitAndClaim(Duration.ofSeconds(10));
                    ended.complete(Thread.currentThread().isInterrupted() ? jobs : "returned without the interrupt status");
                } catch (Throwable t) {
                    ended.complete(t);
                }
            });
            Thread.sleep(100);

            waiter.interrupt();

            assertThat(ended.get(2, TimeUnit.SECONDS)).satisfiesAnyOf(
                    r -> assertThat(r).isInstanceOf(InterruptedException.class),
                    r -> assertThat(r).isEqualTo(List.of()));
            // the wait is over for good: a job enqueued now is left for the next claim
            enqueue(job("after"));
            Thread.sleep(100);
            assertThat(info("after").status()).isEqualTo(JobStatus.QUEUED);
            assertThat(claimOne().id()).isEqualTo("after");
        }
    }

    @Nested
    class Workers {
        private WorkerRecord worker(String id, int running) {
            return new WorkerRecord(id, "host-1", 42, List.of("default", "mail"), List.of("send"), 10, running,
                    5, 1, START, clock.instant());
        }

        @Test
        void aHeartbeatRegistersTheWorker() {
            WorkerRecord w = worker("w1", 3);

            store.heartbeat(w, Duration.ofSeconds(30));

            assertThat(store.workers()).containsExactly(w);
        }

        @Test
        void aNewHeartbeatReplacesTheRecord() {
            store.heartbeat(worker("w1", 3), Duration.ofSeconds(30));
            clock.advance(Duration.ofSeconds(10));
            WorkerRecord later = worker("w1", 7);

            store.heartbeat(later, Duration.ofSeconds(30));

            assertThat(store.workers()).containsExactly(later);
        }

        @Test
        void workersAreSortedById() {
            store.heartbeat(worker("w3", 0), Duration.ofSeconds(30));
            store.heartbeat(worker("w1", 0), Duration.ofSeconds(30));
            store.heartbeat(worker("w2", 0), Duration.ofSeconds(30));

            assertThat(store.workers()).extracting(WorkerRecord::id).containsExactly("w1", "w2", "w3");
        }

        @Test
        void aStaleRecordIsGone() {
            store.heartbeat(worker("w1", 0), Duration.ofSeconds(30));
            store.heartbeat(worker("w2", 0), Duration.ofSeconds(90));

            clock.advance(Duration.ofSeconds(31));

            assertThat(store.workers()).extracting(WorkerRecord::id).containsExactly("w2");
        }

        @Test
        void removeWorkerDropsTheRecord() {
            store.heartbeat(worker("w1", 0), Duration.ofSeconds(30));
            store.heartbeat(worker("w2", 0), Duration.ofSeconds(30));

            store.removeWorker("w1");
            store.removeWorker("unknown");

            assertThat(store.workers()).extracting(WorkerRecord::id).containsExactly("w2");
        }
    }

    @Test
    void describesItself() {
        assertThat(store.describe()).isNotBlank();
    }
}
