package dev.porter.sqlite;

import dev.porter.JobStatus;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The few columns a state change needs, read before it is made. */
record JobRef(long seq, String id, String queue, String function, StoredState state, long runAt,
              Long keepUntil, Long keepMs, boolean abortRequested, int tries) {

    /** Read by position (cheaper than by name on hot paths), so keep {@link #read} in step with it. */
    static final String COLUMNS = "seq, id, queue, function, state, run_at, keep_until, keep_ms, abort_requested, tries";

    static JobRef read(ResultSet rs) throws SQLException {
        return new JobRef(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                StoredState.of(rs.getString(5)), rs.getLong(6), Rows.longOrNull(rs, 7), Rows.longOrNull(rs, 8),
                rs.getBoolean(9), rs.getInt(10));
    }

    JobStatus status(long now) {
        return state.status(runAt, keepUntil, now);
    }
}
