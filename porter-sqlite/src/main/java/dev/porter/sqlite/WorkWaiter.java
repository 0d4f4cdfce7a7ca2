package dev.porter.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code awaitWork}: returns when work may be due. At once if a job is due now; when this process
 * enqueues, releases or re-queues a job (the in-process signal); when another process commits to
 * the file (seen within {@value #CROSS_PROCESS_POLL_MS} ms through {@code PRAGMA data_version},
 * which changes only on other connections' commits and costs no I/O); when the next deferred job
 * comes due; or after {@code maxWait}. Jobs of paused queues count for nothing; resuming a queue
 * fires the in-process signal.
 */
final class WorkWaiter {
    static final long CROSS_PROCESS_POLL_MS = 25;
    /** Longer waits are cut to this; callers wait again anyway. */
    private static final long MAX_WAIT_MS = Duration.ofHours(1).toMillis();
    static final String ANY_QUEUED =
            "SELECT 1 FROM jobs INDEXED BY jobs_claim WHERE state = 'queued' AND queue = ? LIMIT 1";
    static final String NEXT_DEFERRED =
            "SELECT min(run_at) FROM jobs INDEXED BY jobs_deferred WHERE state = 'deferred' AND queue = ?";

    private final Database db;
    private final Clock clock;
    private final WakeUpSignal signal;

    WorkWaiter(Database db, Clock clock, WakeUpSignal signal) {
        this.db = db;
        this.clock = clock;
        this.signal = signal;
    }

    void await(List<String> queues, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + Math.clamp(Millis.ofDuration(maxWait), 0, MAX_WAIT_MS) * 1_000_000L;
        // read before looking at the jobs, so a change made in between is not missed
        long seen = signal.version();
        long dataVersion = db.dataVersion();
        Long nextDue = nextDue(queues);
        long pollNanos = CROSS_PROCESS_POLL_MS * 1_000_000L;
        while (nextDue == null || nextDue > clock.millis()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (signal.awaitChange(seen, Math.min(left, pollNanos)) || db.dataVersion() != dataVersion) {
                return;
            }
        }
    }

    /**
     * The earliest run time among the pending jobs of {@code queues} (queued ones count as now), or
     * null. Paused queues have none: their jobs wake nobody until the queue is resumed.
     */
    private Long nextDue(List<String> queues) {
        long now = clock.millis();
        return db.read(statements -> {
            Set<String> paused = Paused.read(statements);
            Long next = null;
            for (String queue : queues) {
                if (paused.contains(queue)) {
                    continue;
                }
                PreparedStatement any = statements.prepare(ANY_QUEUED);
                any.setString(1, queue);
                try (ResultSet rs = any.executeQuery()) {
                    if (rs.next()) {
                        return now;
                    }
                }
                PreparedStatement deferred = statements.prepare(NEXT_DEFERRED);
                deferred.setString(1, queue);
                try (ResultSet rs = deferred.executeQuery()) {
                    if (rs.next()) {
                        long runAt = rs.getLong(1);
                        if (!rs.wasNull() && (next == null || runAt < next)) {
                            next = runAt;
                        }
                    }
                }
            }
            return next;
        });
    }
}
