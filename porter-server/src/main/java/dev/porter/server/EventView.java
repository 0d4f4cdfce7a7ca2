package dev.porter.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.porter.JobInfo;
import dev.porter.JobStatus;
import java.time.Instant;

/**
 * The data of one SSE event. Terminal states carry the result or the error, so a client streaming a
 * job needs no second request.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EventView(String id, JobStatus status, Double progress, String message, Instant at,
                 @JsonRawValue String result, ErrorView error) {

    EventView(String id, JobStatus status, Double progress, String message, Instant at) {
        this(id, status, progress, message, at, null, null);
    }

    static EventView of(JobInfo j) {
        Instant at = j.finishedAt() != null ? j.finishedAt() : j.startedAt() != null ? j.startedAt() : j.enqueuedAt();
        return new EventView(j.id(), j.status(), j.progress(), j.progressMessage(), at,
                j.status() == JobStatus.COMPLETE ? (j.resultJson() == null ? "null" : j.resultJson()) : null,
                ErrorView.of(j.error(), false));
    }
}
