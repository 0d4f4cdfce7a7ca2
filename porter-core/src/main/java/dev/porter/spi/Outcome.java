package dev.porter.spi;

import dev.porter.JobError;
import java.time.Duration;
import java.time.Instant;

/**
 * The end of one try, written with {@link JobStore#finish}. Every outcome is fenced by its lease:
 * it applies only while that lease is the job's current one.
 */
public sealed interface Outcome {
    Lease lease();

    /** The try succeeded. {@code keep}: how long the result stays ({@code JobOptions.FOREVER}: always; zero: drop now). */
    record Completed(Lease lease, String resultJson, Duration keep) implements Outcome {}

    /** The try failed and the job runs again at {@code runAt} (deferred or queued); the error joins the job's errors. */
    record Retrying(Lease lease, Instant runAt, JobError error) implements Outcome {}

    /** The job failed for good; the error joins the job's errors. */
    record Failed(Lease lease, JobError error, Duration keep) implements Outcome {}

    /** The job stopped because an abort was requested. */
    record Aborted(Lease lease, Duration keep) implements Outcome {}

    /**
     * The worker gave the job back unfinished (shutdown): queued again at once, and this try does
     * not count (the try number goes back by one).
     */
    record Released(Lease lease) implements Outcome {}

    /**
     * The job waits for the rate-limit permit it reserved: pending until {@code runAt}, this try does
     * not count, and the next claim reports {@link ClaimedJob#permitReserved()} (once).
     */
    record Postponed(Lease lease, Instant runAt) implements Outcome {}
}
