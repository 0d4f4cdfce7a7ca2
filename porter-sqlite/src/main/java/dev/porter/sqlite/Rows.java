package dev.porter.sqlite;

import dev.porter.JobError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.JobInfo;
import dev.porter.TryError;
import dev.porter.json.Json;
import java.time.Instant;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Reading job rows into {@link JobInfo}, and binding the nullable columns. */
final class Rows {
    private Rows() {}

    /**
     * A job's log lines and try errors as two JSON arrays, oldest first, read in the same statement
     * as its row (so one statement, one snapshot, no explicit transaction). Append to {@code SELECT *}
     * of {@code jobs}; {@link #info} reads them. The inner selects walk the primary key
     * {@code (job_seq, n)}, which is already oldest first, so nothing is sorted ({@code QueryPlanTest}).
     */
    static final String HISTORY = """
            (SELECT json_group_array(line) FROM
              (SELECT line FROM job_logs WHERE job_seq = jobs.seq ORDER BY n)) AS logs_json,
            (SELECT json_group_array(json_array(try, at, error_type, error_message, error_stack)) FROM
              (SELECT * FROM job_errors WHERE job_seq = jobs.seq ORDER BY n)) AS errors_json""";

    private static final String EMPTY = "[]";

    /** A row of {@code SELECT *, HISTORY FROM jobs}. */
    static JobInfo info(ResultSet rs, long now) throws SQLException {
        return info(rs, now, logs(rs.getString("logs_json")), errors(rs.getString("errors_json")));
    }

    private static List<String> logs(String json) throws SQLException {
        if (json == null || json.equals(EMPTY)) {
            return List.of();
        }
        JsonNode array = parse(json);
        List<String> lines = new ArrayList<>(array.size());
        for (JsonNode line : array) {
            lines.add(line.asText());
        }
        return lines;
    }

    private static List<TryError> errors(String json) throws SQLException {
        if (json == null || json.equals(EMPTY)) {
            return List.of();
        }
        JsonNode array = parse(json);
        List<TryError> errors = new ArrayList<>(array.size());
        for (JsonNode e : array) {
            errors.add(new TryError(e.get(0).asInt(), Instant.ofEpochMilli(e.get(1).asLong()),
                    new JobError(text(e.get(2)), text(e.get(3)), text(e.get(4)))));
        }
        return errors;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static JsonNode parse(String json) throws SQLException {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable job history " + json, e);
        }
    }

    private static JobInfo info(ResultSet rs, long now, List<String> logs, List<TryError> errors) throws SQLException {
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
                rs.getBoolean("abort_requested"),
                errors);
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
