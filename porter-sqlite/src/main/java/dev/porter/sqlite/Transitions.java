package dev.porter.sqlite;

import dev.porter.JobError;
import dev.porter.JobOptions;
import dev.porter.JobStatus;
import dev.porter.spi.JobStore;
import dev.porter.spi.Lease;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The state changes of one job that several operations share (finishing, aborting, reaping,
 * expiring), each recording its event in {@link Changes}. Callers run them inside a write.
 */
final class Transitions {
    static final String BY_ID = "SELECT " + JobRef.COLUMNS + " FROM jobs WHERE id = ?";
    static final String FENCED =
            "SELECT " + JobRef.COLUMNS + " FROM jobs WHERE id = ? AND lease_token = ? AND state = 'running'";
    private static final String DELETE = "DELETE FROM jobs WHERE seq = ?";
    private static final String END_WITH = """
            UPDATE jobs SET state = ?, result = ?, error_type = ?, error_message = ?, error_stack = ?,
                            finished_at = ?, keep_until = ?, lease_token = NULL, lease_until = NULL
            WHERE seq = ?""";
    private static final String END_KEEPING_ERROR = """
            UPDATE jobs SET state = ?, finished_at = ?, keep_until = ?, lease_token = NULL, lease_until = NULL
            WHERE seq = ?""";
    private static final String RETRY_LATER = """
            UPDATE jobs SET state = ?, run_at = ?, error_type = ?, error_message = ?, error_stack = ?,
                            lease_token = NULL, lease_until = NULL
            WHERE seq = ?""";
    private static final String REQUEUE = """
            UPDATE jobs SET state = 'queued', run_at = ?, tries = tries - ?, lease_token = NULL, lease_until = NULL
            WHERE seq = ?""";

    private static final String POSTPONE = """
            UPDATE jobs SET state = ?, run_at = ?, tries = tries - 1, permit_reserved = 1, lease_token = NULL,
                            lease_until = NULL
            WHERE seq = ?""";
    private static final String ADD_TRY_ERROR = """
            INSERT INTO job_errors (job_seq, n, try, at, error_type, error_message, error_stack)
            VALUES (?1, coalesce((SELECT max(n) FROM job_errors WHERE job_seq = ?1), 0) + 1, ?2, ?3, ?4, ?5, ?6)""";
    private static final String TRIM_TRY_ERRORS = """
            DELETE FROM job_errors
            WHERE job_seq = ?1 AND n <= (SELECT max(n) FROM job_errors WHERE job_seq = ?1) - ?2""";

    private final Database db;

    Transitions(Database db) {
        this.db = db;
    }

    /** The job with this id, expired or not; null when there is none. */
    JobRef byId(String id) throws SQLException {
        PreparedStatement ps = db.prepare(BY_ID);
        ps.setString(1, id);
        List<JobRef> found = refs(ps);
        return found.isEmpty() ? null : found.getFirst();
    }

    /** The job, if {@code lease} is its current lease and it is running; null otherwise. */
    JobRef fenced(Lease lease) throws SQLException {
        PreparedStatement ps = db.prepare(FENCED);
        ps.setString(1, lease.jobId());
        ps.setString(2, lease.token());
        List<JobRef> found = refs(ps);
        return found.isEmpty() ? null : found.getFirst();
    }

    static List<JobRef> refs(PreparedStatement ps) throws SQLException {
        List<JobRef> refs = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                refs.add(JobRef.read(rs));
            }
        }
        return refs;
    }

    void delete(long seq) throws SQLException {
        PreparedStatement ps = db.prepare(DELETE);
        ps.setLong(1, seq);
        ps.executeUpdate();
    }

    /** Ends a job with a result and/or error (a null error clears the last one). */
    void end(Changes changes, JobRef job, StoredState state, String result, JobError error, Duration keep)
            throws SQLException {
        Long keepUntil = keepUntil(changes, job, keep);
        if (keepUntil == null || keepUntil > changes.now) {
            PreparedStatement ps = db.prepare(END_WITH);
            ps.setString(1, state.sql);
            ps.setString(2, result);
            Rows.setError(ps, 3, error);
            ps.setLong(6, changes.now);
            Rows.setLong(ps, 7, keepUntil);
            ps.setLong(8, job.seq());
            ps.executeUpdate();
        } else {
            delete(job.seq());
        }
        changes.state(job.id(), job.queue(), job.function(), state.written());
    }

    /** Ends a job and keeps its last error (an abort ends a try without one of its own). */
    void endKeepingError(Changes changes, JobRef job, StoredState state, Duration keep) throws SQLException {
        Long keepUntil = keepUntil(changes, job, keep);
        if (keepUntil == null || keepUntil > changes.now) {
            PreparedStatement ps = db.prepare(END_KEEPING_ERROR);
            ps.setString(1, state.sql);
            ps.setLong(2, changes.now);
            Rows.setLong(ps, 3, keepUntil);
            ps.setLong(4, job.seq());
            ps.executeUpdate();
        } else {
            delete(job.seq());
        }
        changes.state(job.id(), job.queue(), job.function(), state.written());
    }

    /**
     * When a finished job goes: the outcome's keep, else the job's own, else never (the worker
     * normally resolves the default; a job the store ends by itself keeps its record).
     */
    private static Long keepUntil(Changes changes, JobRef job, Duration keep) {
        Duration effective = keep != null ? keep : job.keepMs() != null ? Millis.keep(job.keepMs()) : JobOptions.FOREVER;
        if (effective.isNegative() || effective.isZero()) {
            return changes.now;
        }
        Instant until = JobOptions.keepUntil(Instant.ofEpochMilli(changes.now), effective);
        return until == null ? null : Millis.of(until);
    }

    /** A failed try that runs again at {@code runAt}: deferred until then, or queued if it is due. */
    void retryLater(Changes changes, JobRef job, Instant runAt, JobError error) throws SQLException {
        long due = Millis.of(runAt);
        StoredState state = StoredState.pending(due, changes.now);
        PreparedStatement ps = db.prepare(RETRY_LATER);
        ps.setString(1, state.sql);
        ps.setLong(2, due);
        Rows.setError(ps, 3, error);
        ps.setLong(6, job.seq());
        ps.executeUpdate();
        changes.state(job.id(), job.queue(), job.function(), state.written());
        changes.wake();
    }

    /**
     * A running job that waits for the rate-limit permit it reserved: pending until {@code runAt},
     * the try not counted, and marked so that its next claim says it holds the permit.
     */
    void postpone(Changes changes, JobRef job, Instant runAt) throws SQLException {
        long due = Millis.of(runAt);
        StoredState state = StoredState.pending(due, changes.now);
        PreparedStatement ps = db.prepare(POSTPONE);
        ps.setString(1, state.sql);
        ps.setLong(2, due);
        ps.setLong(3, job.seq());
        ps.executeUpdate();
        changes.state(job.id(), job.queue(), job.function(), state.written());
        changes.wake();
    }

    /** Appends the error of the job's current try to its history, keeping the last {@code MAX_TRY_ERRORS}. */
    void addTryError(Changes changes, JobRef job, JobError error) throws SQLException {
        if (error == null) {
            return;
        }
        PreparedStatement add = db.prepare(ADD_TRY_ERROR);
        add.setLong(1, job.seq());
        add.setInt(2, job.tries());
        add.setLong(3, changes.now);
        Rows.setError(add, 4, error);
        add.executeUpdate();
        PreparedStatement trim = db.prepare(TRIM_TRY_ERRORS);
        trim.setLong(1, job.seq());
        trim.setInt(2, JobStore.MAX_TRY_ERRORS);
        trim.executeUpdate();
    }

    /** Queues a running job again at once; {@code triesBack} undoes the count of a try that did not happen. */
    void requeue(Changes changes, JobRef job, int triesBack) throws SQLException {
        PreparedStatement ps = db.prepare(REQUEUE);
        ps.setLong(1, changes.now);
        ps.setInt(2, triesBack);
        ps.setLong(3, job.seq());
        ps.executeUpdate();
        changes.state(job.id(), job.queue(), job.function(), JobStatus.QUEUED);
        changes.wake();
    }
}
