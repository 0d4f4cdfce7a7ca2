package dev.porter.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porter.JobError;
import dev.porter.JobInfo;
import dev.porter.JobStatus;
import dev.porter.RateLimit;
import dev.porter.TryError;
import dev.porter.spi.ClaimedJob;
import dev.porter.spi.JobEvent;
import dev.porter.spi.JobStore;
import dev.porter.spi.NewJob;
import dev.porter.spi.Outcome;
import dev.porter.spi.QueueCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Flow control every store provides: pausing queues, shared rate-limit permits, postponing a job
 * for its permit, dead-letter bulk actions and the error of every try. Time comes from a
 * {@link MutableClock}; only the awaitWork cases wait briefly in real time.
 */
public abstract class FlowControlConformanceTest {
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration KEEP = Duration.ofDays(1);

    protected abstract JobStore openStore(MutableClock clock);

    protected MutableClock clock;
    protected JobStore store;
    private int seq;

    @BeforeEach
    void open() {
        clock = new MutableClock(START);
        store = openStore(clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private String enqueue(String queue) {
        String id = "job-" + (++seq);
        store.enqueue(List.of(new NewJob(id, "fn", "{}", queue, 0, clock.instant(), null, null, null, null)));
        return id;
    }

    private ClaimedJob claimOne(String queue) {
        List<ClaimedJob> c = store.claim("w", List.of(queue), 1, LEASE);
        assertThat(c).as("a claimable job in " + queue).hasSize(1);
        return c.get(0);
    }

    private JobInfo info(String id) {
        return store.get(id).orElseThrow();
    }

    private QueueCounts counts(String queue) {
        return store.queues().stream().filter(c -> c.queue().equals(queue)).findFirst().orElseThrow();
    }

    private String failedJob(String queue) {
        String id = enqueue(queue);
        store.finish(List.of(new Outcome.Failed(claimOne(queue).lease(), JobError.of("E", "broken"), KEEP)));
        return id;
    }

    @Nested
    class Pause {
        @Test
        void aPausedQueueIsNotClaimedButStillTakesJobs() {
            enqueue("p");
            store.setPaused("p", true);
            String later = enqueue("p");
            assertThat(info(later).status()).isEqualTo(JobStatus.QUEUED);
            assertThat(store.claim("w", List.of("p"), 10, LEASE)).isEmpty();
            assertThat(counts("p").queued()).isEqualTo(2);
            assertThat(counts("p").paused()).isTrue();
        }

        @Test
        void otherQueuesOfTheSameClaimStillRun() {
            enqueue("p");
            String other = enqueue("other");
            store.setPaused("p", true);
            assertThat(store.claim("w", List.of("p", "other"), 10, LEASE)).extracting(ClaimedJob::id).containsExactly(other);
        }

        @Test
        void resumingMakesItsJobsClaimableAgain() {
            String id = enqueue("p");
            store.setPaused("p", true);
            store.setPaused("p", false);
            assertThat(claimOne("p").id()).isEqualTo(id);
            assertThat(counts("p").paused()).isFalse();
        }

        @Test
        void runningJobsOfAPausedQueueFinish() {
            String id = enqueue("p");
            ClaimedJob c = claimOne("p");
            store.setPaused("p", true);
            assertThat(store.finish(List.of(new Outcome.Completed(c.lease(), "1", KEEP)))).containsExactly(true);
            assertThat(info(id).status()).isEqualTo(JobStatus.COMPLETE);
        }

        @Test
        void aPausedQueueIsListedEvenWhenEmpty() {
            store.setPaused("empty", true);
            assertThat(counts("empty")).isEqualTo(new QueueCounts("empty", 0, 0, 0, 0, 0, 0, true));
        }

        @Test
        void waitingOnAPausedQueueDoesNotReturnForItsDueJobs() throws Exception {
            enqueue("p");
            store.setPaused("p", true);
            long t0 = System.nanoTime();
            store.awaitWork(List.of("p"), Duration.ofMillis(300));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(200));
        }

        @Test
        void resumingWakesAWaitingWorker() throws Exception {
            enqueue("p");
            store.setPaused("p", true);
            CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
                long t0 = System.nanoTime();
                try {
                    store.awaitWork(List.of("p"), Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return System.nanoTime() - t0;
            });
            Thread.sleep(200);
            store.setPaused("p", false);
            assertThat(Duration.ofNanos(waited.get(10, TimeUnit.SECONDS))).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Nested
    class RateLimits {
        private final RateLimit twelvePerMinute = RateLimit.of("api", 12, Duration.ofMinutes(1));

        private List<Duration> take(RateLimit limit, String key, int n) {
            List<Duration> waits = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                waits.add(store.reservePermit(limit, key));
            }
            return waits;
        }

        @Test
        void permitsAreSpacedByTheInterval() {
            assertThat(take(twelvePerMinute, "", 4)).containsExactly(
                    Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15));
        }

        @Test
        void aBurstTakesThatManyAtOnce() {
            assertThat(take(twelvePerMinute.withBurst(3), "", 5)).containsExactly(
                    Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(10));
        }

        @Test
        void waitsShrinkAsTimePasses() {
            take(twelvePerMinute, "", 3);
            clock.advance(Duration.ofSeconds(7));
            assertThat(store.reservePermit(twelvePerMinute, "")).isEqualTo(Duration.ofSeconds(8));
        }

        @Test
        void permitsComeBackAfterAQuietSpell() {
            take(twelvePerMinute.withBurst(3), "", 3);
            clock.advance(Duration.ofMinutes(1));
            assertThat(take(twelvePerMinute.withBurst(3), "", 3)).containsOnly(Duration.ZERO);
        }

        @Test
        void eachKeyAndEachLimiterHasItsOwnPermits() {
            assertThat(store.reservePermit(twelvePerMinute, "a.example")).isZero();
            assertThat(store.reservePermit(twelvePerMinute, "b.example")).isZero();
            assertThat(store.reservePermit(RateLimit.of("other", 12, Duration.ofMinutes(1)), "a.example")).isZero();
            assertThat(store.reservePermit(twelvePerMinute, "a.example")).isEqualTo(Duration.ofSeconds(5));
        }

        /**
         * A burst of 1,000 jobs on a 12/min limiter shared by three workers that claim, take a permit or
         * postpone, and complete, while the clock runs for ten minutes: they run at 12 a minute.
         */
        @Test
        void aBurstOfJobsRunsAtTheLimitAcrossThreeWorkers() {
            List<NewJob> jobs = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                jobs.add(new NewJob("burst-" + i, "call_api", "{}", "q", 0, clock.instant(), null, null, null, null));
            }
            store.enqueue(jobs);
            Map<Long, Integer> runsPerMinute = new HashMap<>();
            for (int second = 0; second < 600; second++) {
                for (int worker = 0; worker < 3; worker++) {
                    List<Outcome> outcomes = new ArrayList<>();
                    for (ClaimedJob c : store.claim("w" + worker, List.of("q"), 50, LEASE)) {
                        Duration wait = c.permitReserved() ? Duration.ZERO : store.reservePermit(twelvePerMinute, "");
                        if (wait.isZero()) {
                            runsPerMinute.merge((long) second / 60, 1, Integer::sum);
                            outcomes.add(new Outcome.Completed(c.lease(), "null", KEEP));
                        } else {
                            outcomes.add(new Outcome.Postponed(c.lease(), clock.instant().plus(wait)));
                        }
                    }
                    store.finish(outcomes);
                }
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(runsPerMinute.values()).allSatisfy(n -> assertThat(n).isEqualTo(12));
            assertThat(counts("q").complete()).isEqualTo(120);
        }
    }

    @Nested
    class Postponed {
        @Test
        void waitsForItsPermitWithoutSpendingATry() {
            String id = enqueue("q");
            ClaimedJob first = claimOne("q");
            assertThat(first.permitReserved()).isFalse();
            assertThat(store.finish(List.of(new Outcome.Postponed(first.lease(), clock.instant().plusSeconds(5)))))
                    .containsExactly(true);
            assertThat(info(id).status()).isEqualTo(JobStatus.DEFERRED);
            assertThat(info(id).tries()).isZero();
            assertThat(store.claim("w", List.of("q"), 1, LEASE)).isEmpty();
            clock.advance(Duration.ofSeconds(5));
            ClaimedJob second = claimOne("q");
            assertThat(second.tryNumber()).isEqualTo(1);
            assertThat(second.permitReserved()).isTrue();
        }

        @Test
        void theReservationIsUsedByOneClaimOnly() {
            enqueue("q");
            store.finish(List.of(new Outcome.Postponed(claimOne("q").lease(), clock.instant())));
            ClaimedJob withPermit = claimOne("q");
            store.finish(List.of(new Outcome.Retrying(withPermit.lease(), clock.instant(), JobError.of("E", "again"))));
            assertThat(claimOne("q").permitReserved()).isFalse();
        }

        @Test
        void aStaleLeaseCannotPostpone() {
            String id = enqueue("q");
            ClaimedJob c = claimOne("q");
            clock.advance(LEASE.plusSeconds(1));
            store.reapExpiredLeases();
            claimOne("q");
            assertThat(store.finish(List.of(new Outcome.Postponed(c.lease(), clock.instant())))).containsExactly(false);
            assertThat(info(id).status()).isEqualTo(JobStatus.IN_PROGRESS);
        }
    }

    @Nested
    class DeadLetters {
        @Test
        void retryAllQueuesEveryFailedJobOfTheQueueAgain() {
            List<String> failed = List.of(failedJob("q"), failedJob("q"), failedJob("q"));
            String elsewhere = failedJob("other");
            String done = enqueue("q");
            store.finish(List.of(new Outcome.Completed(claimOne("q").lease(), "1", KEEP)));
            assertThat(store.retryAll("q", JobStatus.FAILED)).isEqualTo(3);
            failed.forEach(id -> {
                assertThat(info(id).status()).isEqualTo(JobStatus.QUEUED);
                assertThat(info(id).tries()).isZero();
            });
            assertThat(info(elsewhere).status()).isEqualTo(JobStatus.FAILED);
            assertThat(info(done).status()).isEqualTo(JobStatus.COMPLETE);
        }

        @Test
        void retryAllTakesAbortedJobsToo() {
            String id = enqueue("q");
            store.abort(id);
            assertThat(store.retryAll("q", JobStatus.ABORTED)).isEqualTo(1);
            assertThat(info(id).status()).isEqualTo(JobStatus.QUEUED);
        }

        @Test
        void retryAllRefusesStatesThatAreNotDeadLetters() {
            assertThatThrownBy(() -> store.retryAll("q", JobStatus.COMPLETE)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("complete");
        }

        @Test
        void purgeDeletesTheFinishedJobsOfOneStatus() {
            String a = failedJob("q");
            String b = failedJob("q");
            String kept = failedJob("other");
            String pending = enqueue("q");
            assertThat(store.purge("q", JobStatus.FAILED)).isEqualTo(2);
            assertThat(store.get(a)).isEmpty();
            assertThat(store.get(b)).isEmpty();
            assertThat(store.get(kept)).isPresent();
            assertThat(store.get(pending)).isPresent();
        }

        @Test
        void purgeRefusesUnfinishedStates() {
            assertThatThrownBy(() -> store.purge("q", JobStatus.QUEUED)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("queued");
        }
    }

    /** Once an abort is asked for, nothing runs the job again, whatever its worker writes. */
    @Nested
    class AbortPending {
        private ClaimedJob runningWithAbortRequested(String id) {
            ClaimedJob c = claimOne("q");
            assertThat(c.id()).isEqualTo(id);
            assertThat(store.abort(id)).isEqualTo(JobStatus.IN_PROGRESS);
            return c;
        }

        @Test
        void aRetryEndsAborted() {
            String id = enqueue("q");
            ClaimedJob c = runningWithAbortRequested(id);
            store.finish(List.of(new Outcome.Retrying(c.lease(), clock.instant(), JobError.of("E", "failed meanwhile"))));
            assertThat(info(id).status()).isEqualTo(JobStatus.ABORTED);
            assertThat(info(id).errors()).extracting(e -> e.error().message()).containsExactly("failed meanwhile");
        }

        @Test
        void aReleaseEndsAborted() {
            String id = enqueue("q");
            store.finish(List.of(new Outcome.Released(runningWithAbortRequested(id).lease())));
            assertThat(info(id).status()).isEqualTo(JobStatus.ABORTED);
        }

        @Test
        void aPostponementEndsAborted() {
            String id = enqueue("q");
            store.finish(List.of(new Outcome.Postponed(runningWithAbortRequested(id).lease(), clock.instant().plusSeconds(5))));
            assertThat(info(id).status()).isEqualTo(JobStatus.ABORTED);
        }
    }

    @Nested
    class EventKinds {
        @Test
        void aSubscriberOfSomeKindsGetsOnlyThose() throws Exception {
            List<JobEvent> aborts = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<JobEvent> all = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (AutoCloseable a = store.subscribe(java.util.EnumSet.of(JobEvent.Kind.ABORT_REQUESTED), aborts::add);
                 AutoCloseable b = store.subscribe(all::add)) {
                String id = enqueue("q");
                ClaimedJob c = claimOne("q");
                store.progress(c.lease(), 0.5, "half");
                store.abort(id);
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                        .until(() -> all.stream().anyMatch(e -> e.kind() == JobEvent.Kind.ABORT_REQUESTED));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !aborts.isEmpty());
                Thread.sleep(100); // let anything wrongly delivered arrive
                assertThat(aborts).singleElement().satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(JobEvent.Kind.ABORT_REQUESTED);
                    assertThat(e.jobId()).isEqualTo(id);
                });
                assertThat(all).extracting(JobEvent::kind).contains(JobEvent.Kind.STATE, JobEvent.Kind.PROGRESS);
            }
        }
    }

    @Nested
    class TryErrors {
        @Test
        void everyFailedTryKeepsItsError() {
            String id = enqueue("q");
            for (int t = 1; t <= 2; t++) {
                store.finish(List.of(new Outcome.Retrying(claimOne("q").lease(), clock.instant(), JobError.of("E", "try " + t))));
                clock.advance(Duration.ofSeconds(1));
            }
            store.finish(List.of(new Outcome.Failed(claimOne("q").lease(), JobError.of("E", "try 3"), KEEP)));
            JobInfo info = info(id);
            assertThat(info.errors()).extracting(TryError::tryNumber).containsExactly(1, 2, 3);
            assertThat(info.errors()).extracting(e -> e.error().message()).containsExactly("try 1", "try 2", "try 3");
            assertThat(info.errors()).extracting(TryError::at)
                    .containsExactly(START, START.plusSeconds(1), START.plusSeconds(2));
            assertThat(info.error().message()).isEqualTo("try 3");
        }

        @Test
        void onlyTheLastErrorsAreKept() {
            String id = enqueue("q");
            int tries = JobStore.MAX_TRY_ERRORS + 5;
            for (int t = 1; t <= tries; t++) {
                store.finish(List.of(new Outcome.Retrying(claimOne("q").lease(), clock.instant(), JobError.of("E", "try " + t))));
            }
            List<TryError> errors = info(id).errors();
            assertThat(errors).hasSize(JobStore.MAX_TRY_ERRORS);
            assertThat(errors.get(errors.size() - 1).tryNumber()).isEqualTo(tries);
            assertThat(errors.get(0).tryNumber()).isEqualTo(6);
        }

        @Test
        void aJobThatSucceedsKeepsTheErrorsOfItsEarlierTries() {
            String id = enqueue("q");
            store.finish(List.of(new Outcome.Retrying(claimOne("q").lease(), clock.instant(), JobError.of("E", "flaky"))));
            store.finish(List.of(new Outcome.Completed(claimOne("q").lease(), "1", KEEP)));
            assertThat(info(id).errors()).extracting(e -> e.error().message()).containsExactly("flaky");
        }
    }
}
