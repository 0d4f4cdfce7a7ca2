package dev.porter.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema as a list of migration steps; {@code PRAGMA user_version} records how many have run.
 * Opening a database runs the missing steps in one transaction, so a file is always at one version.
 * Never edit a released step: append a new one.
 */
final class Schema {

    /**
     * Stored states: {@code queued}, {@code deferred}, {@code running}, {@code complete},
     * {@code failed}, {@code aborted}. Public statuses are derived from them and the clock (see
     * {@link StoredState}). {@code seq} is the enqueue order.
     */
    private static final List<String> JOBS = List.of("""
            CREATE TABLE jobs (
              seq              INTEGER PRIMARY KEY,
              id               TEXT    NOT NULL UNIQUE,
              function         TEXT    NOT NULL,
              args             TEXT    NOT NULL,
              queue            TEXT    NOT NULL,
              priority         INTEGER NOT NULL,
              state            TEXT    NOT NULL,
              tries            INTEGER NOT NULL DEFAULT 0,
              max_tries        INTEGER,
              timeout_ms       INTEGER,
              keep_ms          INTEGER,
              enqueued_at      INTEGER NOT NULL,
              run_at           INTEGER NOT NULL,
              expires_at       INTEGER,
              started_at       INTEGER,
              finished_at      INTEGER,
              keep_until       INTEGER,
              worker_id        TEXT,
              lease_token      TEXT,
              lease_until      INTEGER,
              abort_requested  INTEGER NOT NULL DEFAULT 0,
              progress         REAL,
              progress_message TEXT,
              result           TEXT,
              error_type       TEXT,
              error_message    TEXT,
              error_stack      TEXT
            )""",
            // claim: the best due jobs of one queue, straight from the index
            "CREATE INDEX jobs_claim ON jobs (queue, priority DESC, seq) WHERE state = 'queued'",
            // claim and awaitWork: deferred jobs that came due, and the next due time
            "CREATE INDEX jobs_deferred ON jobs (queue, run_at) WHERE state = 'deferred'",
            "CREATE INDEX jobs_expiring ON jobs (expires_at) WHERE expires_at IS NOT NULL AND state IN ('queued', 'deferred')",
            "CREATE INDEX jobs_leases ON jobs (lease_until) WHERE state = 'running'",
            "CREATE INDEX jobs_keep ON jobs (keep_until) WHERE keep_until IS NOT NULL",
            // listings of finished jobs (the dead-letter set), newest first. Partial, like every index
            // here, so enqueue and claim never pay for it; pending and running jobs are listed
            // through the claim, deferred and lease indexes.
            "CREATE INDEX jobs_finished ON jobs (state, seq) WHERE finished_at IS NOT NULL",
            """
            CREATE TABLE job_logs (
              job_seq INTEGER NOT NULL REFERENCES jobs (seq) ON DELETE CASCADE,
              n       INTEGER NOT NULL,
              line    TEXT    NOT NULL,
              PRIMARY KEY (job_seq, n)
            ) WITHOUT ROWID""");

    private static final List<String> WORKERS = List.of("""
            CREATE TABLE workers (
              id           TEXT    PRIMARY KEY,
              host         TEXT,
              pid          INTEGER NOT NULL,
              queues       TEXT    NOT NULL,
              functions    TEXT    NOT NULL,
              max_jobs     INTEGER NOT NULL,
              running      INTEGER NOT NULL,
              completed    INTEGER NOT NULL,
              failed       INTEGER NOT NULL,
              started_at   INTEGER,
              heartbeat_at INTEGER,
              alive_until  INTEGER NOT NULL
            ) WITHOUT ROWID""");

    /**
     * Flow control: paused queues, rate-limit state (one GCRA "theoretical arrival time" per limiter
     * and key, in epoch nanoseconds), the permit a postponed job holds for its next claim, and the
     * error of every failed try (the last {@code JobStore.MAX_TRY_ERRORS} of each job).
     */
    private static final List<String> FLOW_CONTROL = List.of(
            "CREATE TABLE paused_queues (queue TEXT PRIMARY KEY) WITHOUT ROWID",
            """
            CREATE TABLE rate_limits (
              name    TEXT    NOT NULL,
              key     TEXT    NOT NULL,
              tat_ns  INTEGER NOT NULL,
              PRIMARY KEY (name, key)
            ) WITHOUT ROWID""",
            "ALTER TABLE jobs ADD COLUMN permit_reserved INTEGER NOT NULL DEFAULT 0",
            """
            CREATE TABLE job_errors (
              job_seq       INTEGER NOT NULL REFERENCES jobs (seq) ON DELETE CASCADE,
              n             INTEGER NOT NULL,
              try           INTEGER NOT NULL,
              at            INTEGER NOT NULL,
              error_type    TEXT,
              error_message TEXT,
              error_stack   TEXT,
              PRIMARY KEY (job_seq, n)
            ) WITHOUT ROWID""");

    static final List<List<String>> STEPS = List.of(JOBS, WORKERS, FLOW_CONTROL);

    private Schema() {}

    static int latest() {
        return STEPS.size();
    }

    /** Brings the database to {@link #latest()}; refuses a file written by a newer Porter. */
    static void migrate(Connection connection, String where) throws SQLException {
        migrate(connection, where, latest());
    }

    static void migrate(Connection connection, String where, int target) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            try {
                int version = version(st);
                if (version > latest()) {
                    throw new SqliteStoreException(where + " has schema version " + version
                            + ", newer than this Porter knows (" + latest() + "); upgrade Porter to open it");
                }
                for (int step = version; step < target; step++) {
                    for (String sql : STEPS.get(step)) {
                        st.execute(sql);
                    }
                }
                if (target > version) {
                    st.execute("PRAGMA user_version = " + target);
                }
                st.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                st.execute("ROLLBACK");
                throw e;
            }
        }
    }

    static int version(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
