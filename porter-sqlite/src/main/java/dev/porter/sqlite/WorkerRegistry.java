package dev.porter.sqlite;

import dev.porter.spi.WorkerRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Workers' health records: one row per worker, alive until its last heartbeat plus its TTL. */
final class WorkerRegistry {
    /** Separates list items; queue and function names cannot contain it. */
    private static final String SEPARATOR = "\n";

    private static final String UPSERT = """
            INSERT INTO workers (id, host, pid, queues, functions, max_jobs, running, completed, failed,
                                 started_at, heartbeat_at, alive_until)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
              host = excluded.host, pid = excluded.pid, queues = excluded.queues, functions = excluded.functions,
              max_jobs = excluded.max_jobs, running = excluded.running, completed = excluded.completed,
              failed = excluded.failed, started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at,
              alive_until = excluded.alive_until""";
    // Records of workers that died without saying goodbye are dropped on the next heartbeat.
    private static final String DROP_STALE = "DELETE FROM workers WHERE alive_until <= ?";
    private static final String REMOVE = "DELETE FROM workers WHERE id = ?";
    private static final String ALIVE = "SELECT * FROM workers WHERE alive_until > ? ORDER BY id";

    private final Database db;

    WorkerRegistry(Database db) {
        this.db = db;
    }

    void heartbeat(WorkerRecord w, Duration ttl, long now) {
        long beat = w.heartbeatAt() == null ? now : Millis.of(w.heartbeatAt());
        db.write(() -> {
            PreparedStatement drop = db.prepare(DROP_STALE);
            drop.setLong(1, now);
            drop.executeUpdate();
            PreparedStatement ps = db.prepare(UPSERT);
            ps.setString(1, w.id());
            ps.setString(2, w.host());
            ps.setLong(3, w.pid());
            ps.setString(4, String.join(SEPARATOR, w.queues()));
            ps.setString(5, String.join(SEPARATOR, w.functions()));
            ps.setInt(6, w.maxJobs());
            ps.setInt(7, w.running());
            ps.setLong(8, w.completed());
            ps.setLong(9, w.failed());
            Rows.setLong(ps, 10, Millis.ofNullable(w.startedAt()));
            ps.setLong(11, beat);
            ps.setLong(12, Millis.plus(beat, ttl));
            return ps.executeUpdate();
        }, () -> {});
    }

    void remove(String workerId) {
        db.write(() -> {
            PreparedStatement ps = db.prepare(REMOVE);
            ps.setString(1, workerId);
            return ps.executeUpdate();
        }, () -> {});
    }

    List<WorkerRecord> alive(long now) {
        return db.read(statements -> {
            PreparedStatement ps = statements.prepare(ALIVE);
            ps.setLong(1, now);
            List<WorkerRecord> alive = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    alive.add(read(rs));
                }
            }
            return alive;
        });
    }

    private static WorkerRecord read(ResultSet rs) throws SQLException {
        return new WorkerRecord(rs.getString("id"), rs.getString("host"), rs.getLong("pid"),
                split(rs.getString("queues")), split(rs.getString("functions")), rs.getInt("max_jobs"),
                rs.getInt("running"), rs.getLong("completed"), rs.getLong("failed"),
                Millis.instant(Rows.longOrNull(rs, "started_at")), Millis.instant(Rows.longOrNull(rs, "heartbeat_at")));
    }

    private static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(SEPARATOR, -1));
    }
}
