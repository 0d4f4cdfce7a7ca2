package dev.porter.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.porter.JobError;

/**
 * A job's error on the wire. The stack trace is the job's own (from the worker), but it is left out
 * unless asked for with {@code ?trace=true}, so no trace reaches a client that did not ask.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ErrorView(String type, String message, String stackTrace) {
    static ErrorView of(JobError e, boolean withTrace) {
        return e == null ? null : new ErrorView(e.type(), e.message(), withTrace ? e.stackTrace() : null);
    }
}
