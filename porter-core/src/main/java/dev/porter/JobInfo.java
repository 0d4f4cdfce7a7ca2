package dev.porter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything known about one job. JSON values ({@code argsJson}, {@code resultJson}) are kept as
 * JSON text; {@link PorterClient} binds them to types.
 *
 * @param tries       how many tries have started (the current try's number while in progress)
 * @param runAt       when it is (or was) due
 * @param expiresAt   the "not started by then, never run" deadline, or null
 * @param keepUntil   when a finished job disappears, or null (not finished, or kept forever)
 * @param workerId    the worker holding (or that last held) it, or null
 * @param progress    last reported progress in [0, 1], or null
 * @param logs        the job's log lines, oldest first, bounded
 * @param abortRequested an abort was asked for while it ran
 * @param errors      every failed try's error, oldest first (bounded); {@code error} is the last
 */
public record JobInfo(
        String id,
        String function,
        String argsJson,
        String queue,
        int priority,
        JobStatus status,
        int tries,
        Integer maxTries,
        Duration timeout,
        Duration keepResult,
        Instant enqueuedAt,
        Instant runAt,
        Instant startedAt,
        Instant finishedAt,
        Instant expiresAt,
        Instant keepUntil,
        String workerId,
        Double progress,
        String progressMessage,
        String resultJson,
        JobError error,
        List<String> logs,
        boolean abortRequested,
        List<TryError> errors) {

    public JobInfo {
        logs = logs == null ? List.of() : List.copyOf(logs);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
