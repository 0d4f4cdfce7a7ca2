package dev.porter;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a job is in its life. The wire name ({@link #wireName()}) is what JSON, the CLI and HTTP show. */
public enum JobStatus {
    /** Due and waiting for a worker. */
    QUEUED,
    /** Waiting for its run time: enqueued with a delay, or backing off before a retry. */
    DEFERRED,
    /** Claimed by a worker that holds its lease. */
    IN_PROGRESS,
    COMPLETE,
    /** Failed for good: tries spent, a permanent failure, or expired before it started. */
    FAILED,
    ABORTED,
    /** Unknown id, or a finished job whose kept result has expired. */
    NOT_FOUND;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isTerminal() {
        return this == COMPLETE || this == FAILED || this == ABORTED;
    }

    /** Parses a wire name such as {@code in_progress}; case-insensitive. */
    @JsonCreator
    public static JobStatus fromWire(String name) {
        for (JobStatus s : values()) {
            if (s.wireName().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown job status '" + name + "'");
    }
}
