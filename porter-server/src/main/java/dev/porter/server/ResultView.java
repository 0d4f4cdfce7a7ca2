package dev.porter.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.porter.JobInfo;
import dev.porter.JobStatus;

/**
 * The answer of {@code GET /jobs/{id}/result}: the result of a complete job, the error of a failed
 * one, just the status of an aborted one, or the status and progress of one still going.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ResultView(String id, JobStatus status, @JsonRawValue String result, ErrorView error, Double progress,
                  String progressMessage) {
    static ResultView of(JobInfo j) {
        return switch (j.status()) {
            case COMPLETE -> new ResultView(j.id(), j.status(), j.resultJson() == null ? "null" : j.resultJson(),
                    null, null, null);
            case FAILED -> new ResultView(j.id(), j.status(), null, ErrorView.of(j.error(), false), null, null);
            case ABORTED -> new ResultView(j.id(), j.status(), null, null, null, null);
            default -> new ResultView(j.id(), j.status(), null, null, j.progress(), j.progressMessage());
        };
    }
}
