package dev.porter.sqlite;

import dev.porter.JobStatus;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The few columns a state change needs, read before it is made. */
record JobRef(long seq, String id, String queue, String function, StoredState state, long runAt,
              Long keepUntil, Long keepMs, boolean abortRequested) {

    static final String COLUMNS = "seq, id, queue, function, state, run_at, keep_until, keep_ms, abort_requested";

    static JobRef read(ResultSet rs) throws SQLException {
        return new JobRef(rs.getLong("seq"), rs.getString("id"), rs.getString("queue"), rs.getString("function"),
                StoredState.of(rs.getString("state")), rs.getLong("run_at"), Rows.longOrNull(rs, "keep_until"),
                Rows.longOrNull(rs, "keep_ms"), rs.getBoolean("abort_requested"));
    }

    JobStatus status(long now) {
        return state.status(runAt, keepUntil, now);
    }
}
