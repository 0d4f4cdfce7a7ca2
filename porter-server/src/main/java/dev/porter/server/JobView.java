package dev.porter.server;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.porter.JobInfo;
import dev.porter.JobStatus;
import java.time.Instant;
import java.util.List;

/**
 * A job on the wire: {@link JobInfo} with args and result embedded as JSON (not strings), durations
 * as ISO-8601 strings ({@code forever} for a result kept forever), and snake_case names.
 */
record JobView(
        String id,
        String function,
        @JsonRawValue String args,
        String queue,
        int priority,
        JobStatus status,
        int tries,
        Integer maxTries,
        String timeout,
        String keepResult,
        Instant enqueuedAt,
        Instant runAt,
        Instant startedAt,
        Instant finishedAt,
        Instant expiresAt,
        Instant keepUntil,
        String workerId,
        Double progress,
        String progressMessage,
        @JsonRawValue String result,
        ErrorView error,
        List<String> logs,
        boolean abortRequested,
        List<TryErrorView> errors) {

    /** @param withTrace whether the job's error keeps its stack trace (asked for explicitly) */
    static JobView of(JobInfo j, boolean withTrace) {
        return new JobView(j.id(), j.function(), j.argsJson(), j.queue(), j.priority(), j.status(), j.tries(),
                j.maxTries(), WireValues.show(j.timeout()), WireValues.show(j.keepResult()), j.enqueuedAt(),
                j.runAt(), j.startedAt(), j.finishedAt(), j.expiresAt(), j.keepUntil(), j.workerId(), j.progress(),
                j.progressMessage(), j.resultJson(), ErrorView.of(j.error(), withTrace), j.logs(), j.abortRequested(),
                j.errors().stream().map(t -> TryErrorView.of(t, withTrace)).toList());
    }
}
