package dev.porter.worker;

import dev.porter.JobError;
import dev.porter.JobStatus;
import java.time.Duration;

/**
 * How one try ended, for {@link WorkerHooks#onJobEnd}.
 *
 * @param status COMPLETE, FAILED, ABORTED; DEFERRED when it will be retried; QUEUED when handed back
 *               at shutdown; NOT_FOUND when the worker lost the job's lease (another worker has it)
 * @param error  null unless the try failed
 */
public record JobEnd(JobStatus status, Duration duration, JobError error) {}
