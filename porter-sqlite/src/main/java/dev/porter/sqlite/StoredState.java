package dev.porter.sqlite;

import dev.porter.JobStatus;

/**
 * The {@code state} column. The public {@link JobStatus} is derived from it and the clock: a
 * deferred row whose run time came is queued, and a finished row past its keep-until is gone.
 * Deferred rows are moved to {@code queued} when a claim finds them due, so the claim index only
 * ever holds due jobs.
 */
enum StoredState {
    QUEUED("queued"),
    DEFERRED("deferred"),
    RUNNING("running"),
    COMPLETE("complete"),
    FAILED("failed"),
    ABORTED("aborted");

    final String sql;

    StoredState(String sql) {
        this.sql = sql;
    }

    static StoredState of(String sql) {
        for (StoredState s : values()) {
            if (s.sql.equals(sql)) {
                return s;
            }
        }
        throw new SqliteStoreException("unknown job state '" + sql + "' in the database");
    }

    /** The stored state of a finished status (complete, failed, aborted). */
    static StoredState finished(JobStatus status) {
        return switch (status) {
            case COMPLETE -> COMPLETE;
            case FAILED -> FAILED;
            case ABORTED -> ABORTED;
            default -> throw new IllegalArgumentException(status.wireName() + " is not a finished status");
        };
    }

    static StoredState pending(long runAt, long now) {
        return runAt > now ? DEFERRED : QUEUED;
    }

    JobStatus status(long runAt, Long keepUntil, long now) {
        return switch (this) {
            case QUEUED -> JobStatus.QUEUED;
            case DEFERRED -> runAt > now ? JobStatus.DEFERRED : JobStatus.QUEUED;
            case RUNNING -> JobStatus.IN_PROGRESS;
            case COMPLETE -> keptAt(keepUntil, now) ? JobStatus.COMPLETE : JobStatus.NOT_FOUND;
            case FAILED -> keptAt(keepUntil, now) ? JobStatus.FAILED : JobStatus.NOT_FOUND;
            case ABORTED -> keptAt(keepUntil, now) ? JobStatus.ABORTED : JobStatus.NOT_FOUND;
        };
    }

    /** The status of a job the moment this state is written (a deferred state is written only with a future run time). */
    JobStatus written() {
        return switch (this) {
            case QUEUED -> JobStatus.QUEUED;
            case DEFERRED -> JobStatus.DEFERRED;
            case RUNNING -> JobStatus.IN_PROGRESS;
            case COMPLETE -> JobStatus.COMPLETE;
            case FAILED -> JobStatus.FAILED;
            case ABORTED -> JobStatus.ABORTED;
        };
    }

    private static boolean keptAt(Long keepUntil, long now) {
        return keepUntil == null || keepUntil > now;
    }
}
