package dev.porter.spi;

import dev.porter.JobInfo;
import dev.porter.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where jobs live. Every client, worker and server goes through this interface; the conformance
 * suite ({@code JobStoreConformanceTest} in porter-core's test-jar) specifies each rule below and
 * every store passes all of it. All times come from {@link #clock()}, so tests can drive them.
 *
 * <p>Status is derived, not stored twice: a pending job whose run time has not come is
 * {@code deferred}; once due it is {@code queued}. A finished job whose keep-until has passed is
 * gone ({@code not_found}) whether or not {@link #purgeExpired()} has run yet.
 *
 * <p>Implementations are thread-safe.
 */
public interface JobStore extends AutoCloseable {

    /** Log lines kept per job; older lines are dropped first. */
    int MAX_LOG_LINES = 100;
    /** Longest log line kept; longer lines are cut. */
    int MAX_LOG_LINE = 1_000;
    /** Try errors kept per job; the oldest are dropped first. */
    int MAX_TRY_ERRORS = 25;

    /** The clock every time in this store comes from. */
    Clock clock();

    /**
     * Stores new jobs, each atomically and durably before this returns. A job whose id exists in any
     * state (pending, running, or finished and still kept) is not stored; its outcome reports
     * {@code created=false} and the existing job's status. Ids repeated within one batch: the first wins.
     *
     * @return one outcome per job, in order
     */
    List<dev.porter.Enqueued> enqueue(List<NewJob> jobs);

    /**
     * Claims up to {@code max} due jobs from {@code queues}, highest priority first, then enqueue
     * order; a job that became due later (deferred or retried) keeps its priority. Each claimed job
     * becomes {@code in_progress}, its try number goes up by one, and it is leased to
     * {@code workerId} for {@code lease} with a fresh token. Jobs past their {@code expiresAt} are
     * not claimed: they fail with {@link dev.porter.JobError#EXPIRED}. Paused queues are skipped.
     */
    List<ClaimedJob> claim(String workerId, List<String> queues, int max, Duration lease);

    /**
     * Extends the given leases to now + {@code lease}, in one call. Leases this worker no longer holds
     * (expired and reaped, or the job finished) are reported lost and not extended.
     */
    RenewResult renew(String workerId, Collection<Lease> leases, Duration lease);

    /**
     * Applies finished tries, in one call. Each applies only if its lease is still the job's current
     * one and the job is in progress; otherwise it changes nothing.
     *
     * @return for each outcome, in order, whether it was applied
     */
    boolean[] finish(List<? extends Outcome> outcomes);

    /** Records progress of a running job (fenced by its lease) and publishes a PROGRESS event. */
    boolean progress(Lease lease, double fraction, String message);

    /** Appends a line to a running job's log (fenced); keeps the last {@link #MAX_LOG_LINES}. */
    boolean log(Lease lease, String line);

    /**
     * Asks to abort a job. A pending job becomes {@code aborted} at once and will never run. A running
     * job is flagged (see {@link RenewResult#abortRequested()}) and an ABORT_REQUESTED event is
     * published, so its worker stops it and writes {@link Outcome.Aborted}; if that worker is gone, the
     * reaper aborts it instead of re-queueing it, and an outcome that would run it again (Retrying,
     * Released, Postponed) ends it {@code aborted} too. A finished job is left as it is.
     *
     * @return the job's status after the request ({@code in_progress} while the abort is pending)
     */
    JobStatus abort(String id);

    /**
     * Runs a {@code failed} or {@code aborted} job again: queued now, tries back to zero, the last error
     * kept until the next try ends. Any other state: nothing changes.
     *
     * @return whether the job was re-queued
     */
    boolean retry(String id);

    /** Deletes a job that is not in progress. @return whether a job was deleted */
    boolean delete(String id);

    /**
     * Re-queues, as {@link #retry} does, every job of {@code queue} in {@code status} ({@code failed}
     * or {@code aborted}: the dead letters). @return how many
     */
    int retryAll(String queue, JobStatus status);

    /** Deletes every job of {@code queue} in a finished {@code status}. @return how many */
    int purge(String queue, JobStatus status);

    /**
     * Pauses or resumes a queue for every worker of the store: a paused queue's jobs are not claimed
     * and do not wake waiting workers; enqueue still works and running jobs finish. Resuming wakes
     * waiting workers. A paused queue is listed by {@link #queues()} even when it holds no jobs.
     */
    void setPaused(String queue, boolean paused);

    /**
     * Reserves the next permit of the limiter {@code limit.name()} for {@code key} (empty for a global
     * limiter), shared by every worker of the store. Permits come every {@code limit.interval()}; up to
     * {@code limit.burst()} may be taken at once after a quiet spell. Each call takes a permit, now or
     * in the future: the answer is how long the caller must wait before using it (zero: use it now).
     */
    Duration reservePermit(dev.porter.RateLimit limit, String key);

    /**
     * Re-queues every in-progress job whose lease has expired (its worker died or hung): due now,
     * keeping its try count (the next claim bumps it). A job with an abort requested becomes
     * {@code aborted} instead. Safe when many workers call it at once: each job is reaped once.
     *
     * @return how many jobs were reaped
     */
    int reapExpiredLeases();

    /** Deletes finished jobs whose keep-until has passed. @return how many */
    int purgeExpired();

    /** The job, or empty when unknown or expired. */
    Optional<JobInfo> get(String id);

    /**
     * A page of jobs matching the query. Paging through a listing that does not change meanwhile
     * returns every matching job exactly once.
     */
    JobPage list(JobQuery query);

    /** Counts by state for every queue that has jobs, sorted by queue name. */
    List<QueueCounts> queues();

    /**
     * Blocks until a job in one of {@code queues} may be due (one was enqueued, released, re-queued,
     * or a deferred one's time came) or {@code maxWait} passes. It may return early; callers claim and
     * wait again. Returns at once if a job is already due.
     */
    void awaitWork(List<String> queues, Duration maxWait) throws InterruptedException;

    /**
     * {@link #awaitWork} then {@link #claim}, as one step: a store that can send the claim along with
     * its wait (Redis) saves the round trip between them, which is most of an idle worker's pick-up
     * time. May return no jobs (the wait ended with nothing due, or another worker was faster).
     *
     * <p>An interrupt ends the wait. The call then either throws InterruptedException having claimed
     * nothing, or returns the jobs it had claimed already with the thread's interrupt status set: a
     * claim is never lost to an interrupt.
     */
    default List<ClaimedJob> awaitAndClaim(String workerId, List<String> queues, int max, Duration lease,
                                           Duration maxWait) throws InterruptedException {
        awaitWork(queues, maxWait);
        return claim(workerId, queues, max, lease);
    }

    /**
     * Delivers every job event of this store to {@code listener} until the returned handle is closed.
     * Listeners run on a store thread and must return quickly.
     */
    default AutoCloseable subscribe(Consumer<JobEvent> listener) {
        return subscribe(java.util.EnumSet.allOf(JobEvent.Kind.class), listener);
    }

    /**
     * Like {@link #subscribe(Consumer)}, for some kinds of events only. A worker needs only
     * ABORT_REQUESTED; a store may carry each kind on its own channel so such a subscriber does not
     * pay for the rest (every claim and finish of every worker).
     */
    AutoCloseable subscribe(java.util.Set<JobEvent.Kind> kinds, Consumer<JobEvent> listener);

    /** Writes a worker's health record; it counts as alive until {@code heartbeatAt + ttl}. */
    void heartbeat(WorkerRecord worker, Duration ttl);

    /** Removes a worker's health record (clean shutdown). */
    void removeWorker(String workerId);

    /** Workers whose health record is fresh, sorted by id. */
    List<WorkerRecord> workers();

    /** A short description for logs and the bench output, such as {@code sqlite:./porter.db}. */
    String describe();

    @Override
    void close();
}
