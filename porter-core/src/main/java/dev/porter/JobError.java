package dev.porter;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Why a try failed: the exception's message, its type, and a bounded stack trace.
 *
 * @param type    the exception class name, or a Porter reason such as {@code porter.Timeout}
 * @param message the exception message (may be empty, never null)
 * @param stackTrace the stack trace, cut to {@link #MAX_STACK_TRACE} characters
 */
public record JobError(String type, String message, String stackTrace) {
    public static final int MAX_STACK_TRACE = 8_000;
    public static final int MAX_MESSAGE = 2_000;

    /** Type of the error recorded when a job runs longer than its timeout. */
    public static final String TIMEOUT = "porter.Timeout";
    /** Type of the error recorded when a job was not started before its expiry. */
    public static final String EXPIRED = "porter.Expired";
    /** Type of the error recorded when a job's tries were spent by lost leases (crashed workers). */
    public static final String TRIES_EXHAUSTED = "porter.TriesExhausted";
    /** Type of the error recorded when no worker function has the job's name. */
    public static final String UNKNOWN_FUNCTION = "porter.UnknownFunction";
    /** Type of the error recorded when the job's args do not bind to the function's argument type. */
    public static final String BAD_ARGS = "porter.BadArguments";

    public JobError {
        type = type == null ? "unknown" : type;
        message = cut(message == null ? "" : message, MAX_MESSAGE);
        stackTrace = cut(stackTrace == null ? "" : stackTrace, MAX_STACK_TRACE);
    }

    public static JobError of(String type, String message) {
        return new JobError(type, message, "");
    }

    public static JobError of(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return new JobError(t.getClass().getName(), t.getMessage(), w.toString());
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 4) + " ...";
    }
}
