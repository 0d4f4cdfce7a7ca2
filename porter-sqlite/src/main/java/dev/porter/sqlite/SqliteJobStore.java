package dev.porter.sqlite;

import dev.porter.Enqueued;
import dev.porter.InvalidJobException;
import dev.porter.JobError;
import dev.porter.JobInfo;
import dev.porter.JobOptions;
import dev.porter.JobStatus;
import dev.porter.spi.ClaimedJob;
import dev.porter.spi.JobEvent;
import dev.porter.spi.JobPage;
import dev.porter.spi.JobQuery;
import dev.porter.spi.JobStore;
import dev.porter.spi.Lease;
import dev.porter.spi.NewJob;
import dev.porter.spi.Outcome;
import dev.porter.spi.QueueCounts;
import dev.porter.spi.RenewResult;
import dev.porter.spi.WorkerRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The embedded store: one SQLite file in WAL mode (see {@code docs/sqlite.md}). Every SPI call is one
 * transaction on one connection; a job is committed before {@link #enqueue} returns.
 */
public final class SqliteJobStore implements JobStore {
    /** How often a waiting worker checks whether another process changed the file. */
    static final long CROSS_PROCESS_POLL_MS = 25;
    /** Longer waits are cut to this; callers wait again anyway. */
    private static final long MAX_WAIT_MS = Duration.ofHours(1).toMillis();

    private static final String INSERT = """
            INSERT INTO jobs (id, function, args, queue, priority, state, max_tries, timeout_ms, keep_ms,
                              enqueued_at, run_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO NOTHING""";
    static final String BY_ID = "SELECT " + JobRef.COLUMNS + " FROM jobs WHERE id = ?";
    static final String FENCED =
            "SELECT " + JobRef.COLUMNS + " FROM jobs WHERE id = ? AND lease_token = ? AND state = 'running'";
    private static final String DELETE_SEQ = "DELETE FROM jobs WHERE seq = ?";

    // INDEXED BY pins the plans of the hot statements: without ANALYZE statistics the planner may pick
    // jobs_by_state and walk every pending job, and a pinned index that cannot serve a query is an error
    // at prepare time instead of a silent slowdown. QueryPlanTest checks them.
    static final String OVERDUE = "SELECT " + JobRef.COLUMNS
            + " FROM jobs INDEXED BY jobs_expiring WHERE expires_at IS NOT NULL AND state IN ('queued', 'deferred') AND expires_at <= ?";
    static final String PROMOTE =
            "UPDATE jobs INDEXED BY jobs_deferred SET state = 'queued' WHERE state = 'deferred' AND queue = ? AND run_at <= ?";
    static final String CANDIDATES = """
            SELECT seq, id, function, args, queue, priority, tries, max_tries, timeout_ms, keep_ms, enqueued_at
            FROM jobs INDEXED BY jobs_claim WHERE state = 'queued' AND queue = ? ORDER BY priority DESC, seq LIMIT ?""";
    private static final String TAKE = """
            UPDATE jobs SET state = 'running', tries = tries + 1, worker_id = ?, lease_token = ?, lease_until = ?,
                            started_at = ?, progress = NULL, progress_message = NULL
            WHERE seq = ?""";

    private static final String RENEWABLE = """
            SELECT seq, abort_requested FROM jobs
            WHERE id = ? AND lease_token = ? AND worker_id = ? AND state = 'running'""";
    private static final String EXTEND = "UPDATE jobs SET lease_until = ? WHERE seq = ?";
    static final String EXPIRED_LEASES =
            "SELECT " + JobRef.COLUMNS + " FROM jobs INDEXED BY jobs_leases WHERE state = 'running' AND lease_until <= ?";

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
    private static final String RETRY_BY_HAND = """
            UPDATE jobs SET state = 'queued', run_at = ?, tries = 0, started_at = NULL, finished_at = NULL,
                            keep_until = NULL, abort_requested = 0, result = NULL, progress = NULL,
                            progress_message = NULL
            WHERE seq = ?""";
    private static final String REQUEST_ABORT = "UPDATE jobs SET abort_requested = 1 WHERE seq = ?";
    private static final String PROGRESS = "UPDATE jobs SET progress = ?, progress_message = ? WHERE seq = ?";
    private static final String APPEND_LOG = """
            INSERT INTO job_logs (job_seq, n, line)
            VALUES (?1, coalesce((SELECT max(n) FROM job_logs WHERE job_seq = ?1), 0) + 1, ?2)""";
    private static final String TRIM_LOG = """
            DELETE FROM job_logs
            WHERE job_seq = ?1 AND n <= (SELECT max(n) FROM job_logs WHERE job_seq = ?1) - ?2""";
    private static final String DELETE_UNLESS_RUNNING = """
            DELETE FROM jobs WHERE id = ? AND state <> 'running' AND (keep_until IS NULL OR keep_until > ?)""";
    static final String PURGE = "DELETE FROM jobs INDEXED BY jobs_keep WHERE keep_until IS NOT NULL AND keep_until <= ?";
    private static final String GET = "SELECT * FROM jobs WHERE id = ?";
    static final String ANY_QUEUED = "SELECT 1 FROM jobs INDEXED BY jobs_claim WHERE state = 'queued' AND queue = ? LIMIT 1";
    static final String NEXT_DEFERRED = "SELECT min(run_at) FROM jobs INDEXED BY jobs_deferred WHERE state = 'deferred' AND queue = ?";

    private final Database db;
    private final Clock clock;
    private final String description;
    private final EventBus events = new EventBus();
    private final WakeUpSignal signal = new WakeUpSignal();
    private final JobListing listing;
    private final WorkerRegistry workers;

    private SqliteJobStore(Database db, Clock clock, String description) {
        this.db = db;
        this.clock = clock;
        this.description = description;
        this.listing = new JobListing(db);
        this.workers = new WorkerRegistry(db);
    }

    /** Opens (creating it and its directories, or migrating it) the database file at {@code file}. */
    public static SqliteJobStore open(Path file, Clock clock) {
        String description = "sqlite:" + file;
        Path absolute = file.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new SqliteStoreException("cannot open " + description + ": " + absolute + " is a directory");
        }
        Path parent = absolute.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new SqliteStoreException("cannot create the directory " + parent + " for " + description
                        + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
            }
        }
        return new SqliteJobStore(Database.open("jdbc:sqlite:" + absolute, description + " (" + absolute + ")"),
                clock, description);
    }

    /** A private database in memory, gone when the store closes (one connection, so nothing else sees it). */
    public static SqliteJobStore inMemory(Clock clock) {
        return new SqliteJobStore(Database.open("jdbc:sqlite::memory:", "sqlite::memory:"), clock, "sqlite::memory:");
    }

    @Override
    public Clock clock() {
        return clock;
    }

    // ---- writes ----------------------------------------------------------------------------

    @FunctionalInterface
    private interface Work<T> {
        T run(Changes changes) throws SQLException;
    }

    private <T> T write(Work<T> work) {
        Changes changes = new Changes(clock.millis(), events.active());
        return db.write(() -> work.run(changes), () -> changes.publish(events, signal));
    }

    @Override
    public List<Enqueued> enqueue(List<NewJob> jobs) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        return write(changes -> {
            List<Enqueued> out = new ArrayList<>(jobs.size());
            for (NewJob job : jobs) {
                out.add(enqueueOne(changes, job));
            }
            return out;
        });
    }

    private Enqueued enqueueOne(Changes changes, NewJob job) throws SQLException {
        if (!insert(changes, job)) {
            JobRef existing = byId(job.id());
            JobStatus status = existing.status(changes.now);
            if (status != JobStatus.NOT_FOUND) {
                return new Enqueued(job.id(), false, status);
            }
            delete(existing.seq());
            insert(changes, job);
        }
        JobStatus status = StoredState.pending(Millis.of(job.runAt()), changes.now).written();
        changes.state(job.id(), job.queue(), job.function(), status);
        changes.wake();
        return new Enqueued(job.id(), true, status);
    }

    /** @return false when the id is taken */
    private boolean insert(Changes changes, NewJob job) throws SQLException {
        long runAt = Millis.of(job.runAt());
        PreparedStatement ps = db.prepare(INSERT);
        ps.setString(1, job.id());
        ps.setString(2, job.function());
        ps.setString(3, job.argsJson());
        ps.setString(4, job.queue());
        ps.setInt(5, job.priority());
        ps.setString(6, StoredState.pending(runAt, changes.now).sql);
        Rows.setInt(ps, 7, job.maxTries());
        Rows.setLong(ps, 8, Millis.ofDuration(job.timeout()));
        Rows.setLong(ps, 9, Millis.ofKeep(job.keepResult()));
        ps.setLong(10, changes.now);
        ps.setLong(11, runAt);
        Rows.setLong(ps, 12, Millis.ofNullable(job.expiresAt()));
        return ps.executeUpdate() == 1;
    }

    @Override
    public List<ClaimedJob> claim(String workerId, List<String> queues, int max, Duration lease) {
        requireWorker(workerId);
        if (max < 1) {
            throw new InvalidJobException("max", "must be at least 1, was " + max);
        }
        requirePositive("lease", lease);
        if (queues.isEmpty()) {
            return List.of();
        }
        return write(changes -> {
            failOverdue(changes);
            List<Candidate> candidates = new ArrayList<>();
            for (String queue : new LinkedHashSet<>(queues)) {
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
        });
    }

    /** Jobs not started by their expiry never run: they fail with {@link JobError#EXPIRED}. */
    private void failOverdue(Changes changes) throws SQLException {
        PreparedStatement ps = db.prepare(OVERDUE);
        ps.setLong(1, changes.now);
        for (JobRef job : refs(ps)) {
            end(changes, job, StoredState.FAILED, null,
                    JobError.of(JobError.EXPIRED, "not started before it expired"), null);
        }
    }

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
                             int tries, Integer maxTries, Long timeoutMs, Long keepMs, long enqueuedAt) {

        static Candidate read(ResultSet rs) throws SQLException {
            return new Candidate(rs.getLong("seq"), rs.getString("id"), rs.getString("function"),
                    rs.getString("args"), rs.getString("queue"), rs.getInt("priority"), rs.getInt("tries"),
                    Rows.intOrNull(rs, "max_tries"), Rows.longOrNull(rs, "timeout_ms"),
                    Rows.longOrNull(rs, "keep_ms"), rs.getLong("enqueued_at"));
        }

        ClaimedJob claimed(Lease lease) {
            return new ClaimedJob(id, function, args, queue, priority, tries + 1, maxTries,
                    Millis.duration(timeoutMs), Millis.keep(keepMs), Instant.ofEpochMilli(enqueuedAt), lease);
        }
    }

    @Override
    public RenewResult renew(String workerId, Collection<Lease> leases, Duration lease) {
        requirePositive("lease", lease);
        if (leases.isEmpty()) {
            return new RenewResult(Set.of(), Set.of());
        }
        return write(changes -> {
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
        });
    }

    @Override
    public boolean[] finish(List<? extends Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return new boolean[0];
        }
        return write(changes -> {
            boolean[] applied = new boolean[outcomes.size()];
            for (int i = 0; i < applied.length; i++) {
                applied[i] = finishOne(changes, outcomes.get(i));
            }
            return applied;
        });
    }

    private boolean finishOne(Changes changes, Outcome outcome) throws SQLException {
        JobRef job = fenced(outcome.lease());
        if (job == null) {
            return false;
        }
        switch (outcome) {
            case Outcome.Completed c -> end(changes, job, StoredState.COMPLETE, c.resultJson(), null, c.keep());
            case Outcome.Failed f -> end(changes, job, StoredState.FAILED, null, f.error(), f.keep());
            case Outcome.Aborted a -> endKeepingError(changes, job, StoredState.ABORTED, a.keep());
            case Outcome.Retrying r -> retryLater(changes, job, r);
            // An abort asked for while it ran wins over running it again.
            case Outcome.Released r when job.abortRequested() -> endKeepingError(changes, job, StoredState.ABORTED, null);
            case Outcome.Released r -> requeue(changes, job, 1);
        }
        return true;
    }

    /** Ends a job with a result and/or error (a null error clears the last one). */
    private void end(Changes changes, JobRef job, StoredState state, String result, JobError error, Duration keep)
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

    private void endKeepingError(Changes changes, JobRef job, StoredState state, Duration keep) throws SQLException {
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

    private void retryLater(Changes changes, JobRef job, Outcome.Retrying retrying) throws SQLException {
        long runAt = Millis.of(retrying.runAt());
        StoredState state = StoredState.pending(runAt, changes.now);
        PreparedStatement ps = db.prepare(RETRY_LATER);
        ps.setString(1, state.sql);
        ps.setLong(2, runAt);
        Rows.setError(ps, 3, retrying.error());
        ps.setLong(6, job.seq());
        ps.executeUpdate();
        changes.state(job.id(), job.queue(), job.function(), state.written());
        changes.wake();
    }

    /** Queues a running job again at once; {@code triesBack} undoes the count of a try that did not happen. */
    private void requeue(Changes changes, JobRef job, int triesBack) throws SQLException {
        PreparedStatement ps = db.prepare(REQUEUE);
        ps.setLong(1, changes.now);
        ps.setInt(2, triesBack);
        ps.setLong(3, job.seq());
        ps.executeUpdate();
        changes.state(job.id(), job.queue(), job.function(), JobStatus.QUEUED);
        changes.wake();
    }

    @Override
    public boolean progress(Lease lease, double fraction, String message) {
        if (Double.isNaN(fraction)) {
            throw new InvalidJobException("progress", "must be a number between 0 and 1");
        }
        double clamped = Math.clamp(fraction, 0.0, 1.0);
        return write(changes -> {
            JobRef job = fenced(lease);
            if (job == null) {
                return false;
            }
            PreparedStatement ps = db.prepare(PROGRESS);
            ps.setDouble(1, clamped);
            ps.setString(2, message);
            ps.setLong(3, job.seq());
            ps.executeUpdate();
            changes.event(JobEvent.Kind.PROGRESS, job.id(), job.queue(), job.function(), JobStatus.IN_PROGRESS,
                    clamped, message);
            return true;
        });
    }

    @Override
    public boolean log(Lease lease, String line) {
        String kept = cut(line == null ? "" : line);
        return write(changes -> {
            JobRef job = fenced(lease);
            if (job == null) {
                return false;
            }
            PreparedStatement append = db.prepare(APPEND_LOG);
            append.setLong(1, job.seq());
            append.setString(2, kept);
            append.executeUpdate();
            PreparedStatement trim = db.prepare(TRIM_LOG);
            trim.setLong(1, job.seq());
            trim.setInt(2, MAX_LOG_LINES);
            trim.executeUpdate();
            return true;
        });
    }

    private static String cut(String line) {
        return line.length() <= MAX_LOG_LINE ? line : line.substring(0, MAX_LOG_LINE - 4) + " ...";
    }

    @Override
    public JobStatus abort(String id) {
        return write(changes -> {
            JobRef job = byId(id);
            JobStatus status = job == null ? JobStatus.NOT_FOUND : job.status(changes.now);
            switch (status) {
                case QUEUED, DEFERRED -> {
                    endKeepingError(changes, job, StoredState.ABORTED, null);
                    return JobStatus.ABORTED;
                }
                case IN_PROGRESS -> {
                    PreparedStatement ps = db.prepare(REQUEST_ABORT);
                    ps.setLong(1, job.seq());
                    ps.executeUpdate();
                    changes.event(JobEvent.Kind.ABORT_REQUESTED, job.id(), job.queue(), job.function(),
                            JobStatus.IN_PROGRESS, null, null);
                    return JobStatus.IN_PROGRESS;
                }
                default -> {
                    return status;
                }
            }
        });
    }

    @Override
    public boolean retry(String id) {
        return write(changes -> {
            JobRef job = byId(id);
            JobStatus status = job == null ? JobStatus.NOT_FOUND : job.status(changes.now);
            if (status != JobStatus.FAILED && status != JobStatus.ABORTED) {
                return false;
            }
            PreparedStatement ps = db.prepare(RETRY_BY_HAND);
            ps.setLong(1, changes.now);
            ps.setLong(2, job.seq());
            ps.executeUpdate();
            changes.state(job.id(), job.queue(), job.function(), JobStatus.QUEUED);
            changes.wake();
            return true;
        });
    }

    @Override
    public boolean delete(String id) {
        return write(changes -> {
            PreparedStatement ps = db.prepare(DELETE_UNLESS_RUNNING);
            ps.setString(1, id);
            ps.setLong(2, changes.now);
            return ps.executeUpdate() == 1;
        });
    }

    @Override
    public int reapExpiredLeases() {
        return write(changes -> {
            PreparedStatement ps = db.prepare(EXPIRED_LEASES);
            ps.setLong(1, changes.now);
            List<JobRef> expired = refs(ps);
            for (JobRef job : expired) {
                if (job.abortRequested()) {
                    endKeepingError(changes, job, StoredState.ABORTED, null);
                } else {
                    requeue(changes, job, 0);
                }
            }
            return expired.size();
        });
    }

    @Override
    public int purgeExpired() {
        return write(changes -> {
            PreparedStatement ps = db.prepare(PURGE);
            ps.setLong(1, changes.now);
            return ps.executeUpdate();
        });
    }

    // ---- reads -----------------------------------------------------------------------------

    @Override
    public Optional<JobInfo> get(String id) {
        long now = clock.millis();
        return db.read(() -> {
            PreparedStatement ps = db.prepare(GET);
            ps.setString(1, id);
            long seq;
            JobInfo info;
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                seq = rs.getLong("seq");
                info = Rows.info(rs, now, List.of());
            }
            if (info.status() == JobStatus.NOT_FOUND) {
                return Optional.empty();
            }
            List<String> logs = Rows.logs(db, seq);
            return Optional.of(logs.isEmpty() ? info : withLogs(info, logs));
        });
    }

    static JobInfo withLogs(JobInfo i, List<String> logs) {
        return new JobInfo(i.id(), i.function(), i.argsJson(), i.queue(), i.priority(), i.status(), i.tries(),
                i.maxTries(), i.timeout(), i.keepResult(), i.enqueuedAt(), i.runAt(), i.startedAt(), i.finishedAt(),
                i.expiresAt(), i.keepUntil(), i.workerId(), i.progress(), i.progressMessage(), i.resultJson(),
                i.error(), logs, i.abortRequested());
    }

    @Override
    public JobPage list(JobQuery query) {
        return listing.list(query, clock.millis());
    }

    @Override
    public List<QueueCounts> queues() {
        return listing.queues(clock.millis());
    }

    /**
     * Returns when work may be due: at once if a job is due now; when this process enqueues, releases
     * or re-queues a job (an in-process signal); when another process commits to the file (checked
     * every {@value #CROSS_PROCESS_POLL_MS} ms with {@code PRAGMA data_version}); when the next deferred
     * job comes due; or after {@code maxWait}.
     */
    @Override
    public void awaitWork(List<String> queues, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + Math.clamp(Millis.ofDuration(maxWait), 0, MAX_WAIT_MS) * 1_000_000L;
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

    /** The earliest run time among the pending jobs of {@code queues} (queued ones count as now), or null. */
    private Long nextDue(List<String> queues) {
        long now = clock.millis();
        return db.read(() -> {
            Long next = null;
            for (String queue : queues) {
                PreparedStatement any = db.prepare(ANY_QUEUED);
                any.setString(1, queue);
                try (ResultSet rs = any.executeQuery()) {
                    if (rs.next()) {
                        return now;
                    }
                }
                PreparedStatement deferred = db.prepare(NEXT_DEFERRED);
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

    @Override
    public AutoCloseable subscribe(Consumer<JobEvent> listener) {
        return events.subscribe(listener);
    }

    @Override
    public void heartbeat(WorkerRecord worker, Duration ttl) {
        requirePositive("ttl", ttl);
        workers.heartbeat(worker, ttl, clock.millis());
    }

    @Override
    public void removeWorker(String workerId) {
        workers.remove(workerId);
    }

    @Override
    public List<WorkerRecord> workers() {
        return workers.alive(clock.millis());
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        events.close();
        db.close();
    }

    // ---- helpers ---------------------------------------------------------------------------

    private JobRef byId(String id) throws SQLException {
        PreparedStatement ps = db.prepare(BY_ID);
        ps.setString(1, id);
        List<JobRef> found = refs(ps);
        return found.isEmpty() ? null : found.getFirst();
    }

    /** The job, if {@code lease} is its current lease and it is running; null otherwise. */
    private JobRef fenced(Lease lease) throws SQLException {
        PreparedStatement ps = db.prepare(FENCED);
        ps.setString(1, lease.jobId());
        ps.setString(2, lease.token());
        List<JobRef> found = refs(ps);
        return found.isEmpty() ? null : found.getFirst();
    }

    private static List<JobRef> refs(PreparedStatement ps) throws SQLException {
        List<JobRef> refs = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                refs.add(JobRef.read(rs));
            }
        }
        return refs;
    }

    private void delete(long seq) throws SQLException {
        PreparedStatement ps = db.prepare(DELETE_SEQ);
        ps.setLong(1, seq);
        ps.executeUpdate();
    }

    /** Not cryptographic: a token fences stale writers, it is not a secret. */
    private static String newToken() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static void requireWorker(String workerId) {
        if (workerId == null || workerId.isBlank()) {
            throw new InvalidJobException("workerId", "is required");
        }
    }

    private static void requirePositive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidJobException(field, "must be a positive duration, was " + value);
        }
    }
}
