package dev.porter.spi;

import dev.porter.JobStatus;
import java.time.Instant;

/**
 * A change to one job, published by the store to its subscribers.
 *
 * @param status   the job's status after the change
 * @param progress for {@link Kind#PROGRESS}: the fraction in [0, 1]; otherwise null
 * @param message  for {@link Kind#PROGRESS}: the progress message; otherwise null or a short note
 */
public record JobEvent(Kind kind, String jobId, String queue, String function, JobStatus status,
                       Double progress, String message, Instant at) {

    public enum Kind {
        /** The job entered {@code status}. */
        STATE,
        /** The running job reported progress. */
        PROGRESS,
        /** Someone asked to abort the running job; the worker running it should stop it. */
        ABORT_REQUESTED
    }
}
