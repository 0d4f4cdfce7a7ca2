package dev.porter.sqlite;

import dev.porter.JobError;
import dev.porter.JobStatus;
import dev.porter.spi.ClaimedJob;
import dev.porter.spi.Lease;
import dev.porter.spi.RenewResult;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Who holds which job: claiming, renewing and reaping leases. Callers run these inside a write. */
final class Leasing {
    // INDEXED BY pins the plans of the hot statements: without ANALYZE statistics the planner may pick
    // another index and walk every pending job, and a pinned index that cannot serve a query is an
    // error at prepare time instead of a silent slowdown. QueryPlanTest checks them.
    static final String OVERDUE = "SELECT " + JobRef.COLUMNS + " FROM jobs INDEXED BY jobs_expiring"
            + " WHERE expires_at IS NOT NULL AND state IN ('queued', 'deferred') AND expires_at <= ?";
    static final String PROMOTE = "UPDATE jobs INDEXED BY jobs_deferred SET state = 'queued'"
            + " WHERE state = 'deferred' AND queue = ? AND run_at <= ?";
    // read by position in Candidate.read
    static final String CANDIDATES = """
            SELECT seq, id, function, args, queue, priority, tries, max_tries, timeout_ms, keep_ms, enqueued_at,
                   permit_reserved
            FROM jobs INDEXED BY jobs_claim WHERE state = 'queued' AND queue = ? ORDER BY priority DESC, seq LIMIT ?""";
    private static final String TAKE = """
            UPDATE jobs SET state = 'running', tries = tries + 1, worker_id = ?, lease_token = ?, lease_until = ?,
                            started_at = ?, progress = NULL, progress_message = NULL,
                            permit_reserved = 0
            WHERE seq = ?""";
    private static final String RENEWABLE = """
            SELECT seq, abort_requested FROM jobs
            WHERE id = ? AND lease_token = ? AND worker_id = ? AND state = 'running'""";
    private static final String EXTEND = "UPDATE jobs SET lease_until = ? WHERE seq = ?";
    static final String EXPIRED_LEASES = "SELECT " + JobRef.COLUMNS
            + " FROM jobs INDEXED BY jobs_leases WHERE state = 'running' AND lease_until <= ?";

    private final Database db;
    private final Transitions transitions;

    Leasing(Database db, Transitions transitions) {
        this.db = db;
        this.transitions = transitions;
    }

    /**
     * Fails expired jobs, then takes the best {@code max} due jobs of {@code queues}, skipping paused
     * queues (one read of the small {@code paused_queues} table per claim, not per job).
     */
    List<ClaimedJob> claim(Changes changes, String workerId, List<String> queues, int max, Duration lease)
            throws SQLException {
        failOverdue(changes);
        Set<String> paused = Paused.read(db);
        List<Candidate> candidates = new ArrayList<>();
        for (String queue : new LinkedHashSet<>(queues)) {
            if (paused.contains(queue)) {
                continue;
            }
            candidates.addAll(candidates(changes, queue, max));
        }
        candidates.sort(Comparator.comparingInt(Candidate::priority).reversed().thenComparingLong(Candidate::seq));
        List<ClaimedJob> claimed = new ArrayList<>(Math.min(max, candidates.size()));
        long leaseUntil = Millis.plus(changes.now, lease);
        PreparedStatement take = db.prepare(TAKE);
        for (Candidate c : candidates.subList(0, Math.min(max, candidates.size()))) {
            String token = newToken();
            take.setString(1, workerId);
            take.setString(2, token);
            take.setLong(3, leaseUntil);
            take.setLong(4, changes.now);
            take.setLong(5, c.seq());
            take.executeUpdate();
            claimed.add(c.claimed(new Lease(c.id(), token)));
            changes.state(c.id(), c.queue(), c.function(), JobStatus.IN_PROGRESS);
        }
        return claimed;
    }

    /** Jobs not started by their expiry never run: they fail with {@link JobError#EXPIRED}. */
    private void failOverdue(Changes changes) throws SQLException {
        PreparedStatement ps = db.prepare(OVERDUE);
        ps.setLong(1, changes.now);
        for (JobRef job : Transitions.refs(ps)) {
            JobError expired = JobError.of(JobError.EXPIRED, "not started before it expired");
            transitions.addTryError(changes, job, expired);
            transitions.end(changes, job, StoredState.FAILED, null, expired, null);
        }
    }

    /** The best due jobs of one queue, after moving its deferred jobs that came due to queued. */
    private List<Candidate> candidates(Changes changes, String queue, int max) throws SQLException {
        PreparedStatement promote = db.prepare(PROMOTE);
        promote.setString(1, queue);
        promote.setLong(2, changes.now);
        promote.executeUpdate();

        PreparedStatement ps = db.prepare(CANDIDATES);
        ps.setString(1, queue);
        ps.setInt(2, max);
        List<Candidate> found = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(Candidate.read(rs));
            }
        }
        return found;
    }

    /** A due job a claim may take. */
    private record Candidate(long seq, String id, String function, String args, String queue, int priority,
                             int tries, Integer maxTries, Long timeoutMs, Long keepMs, long enqueuedAt,
                             boolean permitReserved) {

        static Candidate read(ResultSet rs) throws SQLException {
            return new Candidate(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getInt(6), rs.getInt(7), Rows.intOrNull(rs, 8), Rows.longOrNull(rs, 9), Rows.longOrNull(rs, 10),
                    rs.getLong(11), rs.getBoolean(12));
        }

        ClaimedJob claimed(Lease lease) {
            return new ClaimedJob(id, function, args, queue, priority, tries + 1, maxTries,
                    Millis.duration(timeoutMs), Millis.keep(keepMs), Instant.ofEpochMilli(enqueuedAt), lease, permitReserved);
        }
    }

    RenewResult renew(Changes changes, String workerId, Collection<Lease> leases, Duration lease) throws SQLException {
        Set<String> lost = new HashSet<>();
        Set<String> abortRequested = new HashSet<>();
        long leaseUntil = Millis.plus(changes.now, lease);
        PreparedStatement find = db.prepare(RENEWABLE);
        PreparedStatement extend = db.prepare(EXTEND);
        for (Lease l : leases) {
            find.setString(1, l.jobId());
            find.setString(2, l.token());
            find.setString(3, workerId);
            long seq;
            boolean abort;
            try (ResultSet rs = find.executeQuery()) {
                if (!rs.next()) {
                    lost.add(l.jobId());
                    continue;
                }
                seq = rs.getLong(1);
                abort = rs.getBoolean(2);
            }
            extend.setLong(1, leaseUntil);
            extend.setLong(2, seq);
            extend.executeUpdate();
            if (abort) {
                abortRequested.add(l.jobId());
            }
        }
        return new RenewResult(lost, abortRequested);
    }

    /** Re-queues jobs whose lease expired; one whose abort was requested ends aborted instead. */
    int reap(Changes changes) throws SQLException {
        PreparedStatement ps = db.prepare(EXPIRED_LEASES);
        ps.setLong(1, changes.now);
        List<JobRef> expired = Transitions.refs(ps);
        for (JobRef job : expired) {
            if (job.abortRequested()) {
                transitions.endKeepingError(changes, job, StoredState.ABORTED, null);
            } else {
                transitions.requeue(changes, job, 0);
            }
        }
        return expired.size();
    }

    /** Not cryptographic: a token fences stale writers, it is not a secret. */
    private static String newToken() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
