package dev.porter.sqlite;

import dev.porter.JobError;
import dev.porter.JobInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Reading job rows into {@link JobInfo}, and binding the nullable columns. */
final class Rows {
    private Rows() {}

    static JobInfo info(ResultSet rs, long now, List<String> logs) throws SQLException {
        long runAt = rs.getLong("run_at");
        Long keepUntil = longOrNull(rs, "keep_until");
        String errorType = rs.getString("error_type");
        return new JobInfo(
                rs.getString("id"),
                rs.getString("function"),
                rs.getString("args"),
                rs.getString("queue"),
                rs.getInt("priority"),
                StoredState.of(rs.getString("state")).status(runAt, keepUntil, now),
                rs.getInt("tries"),
                intOrNull(rs, "max_tries"),
                Millis.duration(longOrNull(rs, "timeout_ms")),
                Millis.keep(longOrNull(rs, "keep_ms")),
                Millis.instant(rs.getLong("enqueued_at")),
                Millis.instant(runAt),
                Millis.instant(longOrNull(rs, "started_at")),
                Millis.instant(longOrNull(rs, "finished_at")),
                Millis.instant(longOrNull(rs, "expires_at")),
                Millis.instant(keepUntil),
                rs.getString("worker_id"),
                doubleOrNull(rs, "progress"),
                rs.getString("progress_message"),
                rs.getString("result"),
                errorType == null ? null
                        : new JobError(errorType, rs.getString("error_message"), rs.getString("error_stack")),
                logs,
                rs.getBoolean("abort_requested"));
    }

    static List<String> logs(Database db, long seq) throws SQLException {
        PreparedStatement ps = db.prepare("SELECT line FROM job_logs WHERE job_seq = ? ORDER BY n");
        ps.setLong(1, seq);
        List<String> lines = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return lines;
    }

    static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static Integer intOrNull(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    static Double doubleOrNull(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, value);
        }
    }

    static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    static void setError(PreparedStatement ps, int first, JobError error) throws SQLException {
        ps.setString(first, error == null ? null : error.type());
        ps.setString(first + 1, error == null ? null : error.message());
        ps.setString(first + 2, error == null ? null : error.stackTrace());
    }
}
