package dev.porter.sqlite;

import dev.porter.Enqueued;
import dev.porter.InvalidJobException;
import dev.porter.JobInfo;
import dev.porter.JobStatus;
import dev.porter.RateLimit;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The embedded store: one SQLite file in WAL mode (see {@code docs/sqlite.md}). Every SPI call is
 * atomic (its own transaction, or its own savepoint in a group commit with concurrent calls) and
 * committed before it returns.
 */
public final class SqliteJobStore implements JobStore {
    private static final String INSERT = """
            INSERT INTO jobs (id, function, args, queue, priority, state, max_tries, timeout_ms, keep_ms,
                              enqueued_at, run_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO NOTHING""";
    private static final String RETRY_BY_HAND = """
            UPDATE jobs SET state = 'queued', run_at = ?, tries = 0, started_at = NULL, finished_at = NULL,
                            keep_until = NULL, abort_requested = 0, result = NULL, progress = NULL,
                            progress_message = NULL, permit_reserved = 0
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
    static final String GET = "SELECT *, " + Rows.HISTORY + " FROM jobs WHERE id = ?";
    /** Dead letters of one queue, for retryAll (newest first; the order does not matter). */
    static final String FINISHED_IN_QUEUE = "SELECT " + JobRef.COLUMNS + " FROM jobs INDEXED BY jobs_finished"
            + " WHERE state = ? AND finished_at IS NOT NULL AND queue = ? AND (keep_until IS NULL OR keep_until > ?)";
    static final String PURGE_FINISHED = "DELETE FROM jobs INDEXED BY jobs_finished"
            + " WHERE state = ? AND finished_at IS NOT NULL AND queue = ? AND (keep_until IS NULL OR keep_until > ?)";
    private static final String PERMIT_STATE = "SELECT tat_ns FROM rate_limits WHERE name = ? AND key = ?";
    private static final String PERMIT_TAKE = """
            INSERT INTO rate_limits (name, key, tat_ns) VALUES (?, ?, ?)
            ON CONFLICT (name, key) DO UPDATE SET tat_ns = excluded.tat_ns""";
    /** A limiter whose theoretical arrival time has passed is as good as new: its row can go. */
    private static final String PURGE_PERMITS = "DELETE FROM rate_limits WHERE tat_ns <= ?";

    /** Read-only connections of a file store (reads run beside the writer and each other in WAL mode). */
    static final int READ_CONNECTIONS = 4;

    private final Database db;
    private final Clock clock;
    private final String description;
    private final EventBus events = new EventBus();
    private final WakeUpSignal signal = new WakeUpSignal();
    private final Transitions transitions;
    private final Leasing leasing;
    private final WorkWaiter waiter;
    private final JobListing listing;
    private final WorkerRegistry workers;

    private SqliteJobStore(Database db, Clock clock, String description) {
        this.db = db;
        this.clock = clock;
        this.description = description;
        this.transitions = new Transitions(db);
        this.leasing = new Leasing(db, transitions);
        this.waiter = new WorkWaiter(db, clock, signal);
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
        return new SqliteJobStore(Database.open("jdbc:sqlite:" + absolute, description + " (" + absolute + ")",
                READ_CONNECTIONS),
                clock, description);
    }

    /** A private database in memory, gone when the store closes (one connection, so nothing else sees it). */
    public static SqliteJobStore inMemory(Clock clock) {
        return new SqliteJobStore(Database.open("jdbc:sqlite::memory:", "sqlite::memory:", 0), clock, "sqlite::memory:");
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
        Changes changes = new Changes(clock.millis(), events.wanted());
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
            JobRef existing = transitions.byId(job.id());
            JobStatus status = existing.status(changes.now);
            if (status != JobStatus.NOT_FOUND) {
                return new Enqueued(job.id(), false, status);
            }
            transitions.delete(existing.seq());
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
        if (workerId == null || workerId.isBlank()) {
            throw new InvalidJobException("workerId", "is required");
        }
        if (max < 1) {
            throw new InvalidJobException("max", "must be at least 1, was " + max);
        }
        requirePositive("lease", lease);
        if (queues.isEmpty()) {
            return List.of();
        }
        return write(changes -> leasing.claim(changes, workerId, queues, max, lease));
    }

    @Override
    public RenewResult renew(String workerId, Collection<Lease> leases, Duration lease) {
        requirePositive("lease", lease);
        if (leases.isEmpty()) {
            return new RenewResult(Set.of(), Set.of());
        }
        return write(changes -> leasing.renew(changes, workerId, leases, lease));
    }

    @Override
    public int reapExpiredLeases() {
        return write(leasing::reap);
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
        JobRef job = transitions.fenced(outcome.lease());
        if (job == null) {
            return false;
        }
        Transitions t = transitions;
        switch (outcome) {
            case Outcome.Failed f -> t.addTryError(changes, job, f.error());
            case Outcome.Retrying r -> t.addTryError(changes, job, r.error());
            default -> { }
        }
        switch (outcome) {
            case Outcome.Completed c -> t.end(changes, job, StoredState.COMPLETE, c.resultJson(), null, c.keep());
            case Outcome.Failed f -> t.end(changes, job, StoredState.FAILED, null, f.error(), f.keep());
            case Outcome.Aborted a -> t.endKeepingError(changes, job, StoredState.ABORTED, a.keep());
            // An abort asked for while it ran wins over running it again (as in the reaper).
            case Outcome.Retrying r when job.abortRequested() ->
                    t.end(changes, job, StoredState.ABORTED, null, r.error(), null);
            case Outcome.Released r when job.abortRequested() ->
                    t.endKeepingError(changes, job, StoredState.ABORTED, null);
            case Outcome.Postponed p when job.abortRequested() ->
                    t.endKeepingError(changes, job, StoredState.ABORTED, null);
            case Outcome.Retrying r -> t.retryLater(changes, job, r.runAt(), r.error());
            case Outcome.Released r -> t.requeue(changes, job, 1);
            case Outcome.Postponed p -> t.postpone(changes, job, p.runAt());
        }
        return true;
    }

    @Override
    public boolean progress(Lease lease, double fraction, String message) {
        if (Double.isNaN(fraction)) {
            throw new InvalidJobException("progress", "must be a number between 0 and 1");
        }
        double clamped = Math.clamp(fraction, 0.0, 1.0);
        return write(changes -> {
            JobRef job = transitions.fenced(lease);
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
            JobRef job = transitions.fenced(lease);
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
            JobRef job = transitions.byId(id);
            JobStatus status = job == null ? JobStatus.NOT_FOUND : job.status(changes.now);
            switch (status) {
                case QUEUED, DEFERRED -> {
                    transitions.endKeepingError(changes, job, StoredState.ABORTED, null);
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
            JobRef job = transitions.byId(id);
            JobStatus status = job == null ? JobStatus.NOT_FOUND : job.status(changes.now);
            if (status != JobStatus.FAILED && status != JobStatus.ABORTED) {
                return false;
            }
            retryByHand(changes, job);
            return true;
        });
    }

    /** Queues a dead letter again with a fresh try count; its try errors stay. */
    private void retryByHand(Changes changes, JobRef job) throws SQLException {
        PreparedStatement ps = db.prepare(RETRY_BY_HAND);
        ps.setLong(1, changes.now);
        ps.setLong(2, job.seq());
        ps.executeUpdate();
        changes.state(job.id(), job.queue(), job.function(), JobStatus.QUEUED);
        changes.wake();
    }

    @Override
    public int retryAll(String queue, JobStatus status) {
        if (status != JobStatus.FAILED && status != JobStatus.ABORTED) {
            throw new IllegalArgumentException("retryAll takes the dead letters (failed or aborted), not "
                    + (status == null ? "null" : status.wireName()));
        }
        requireQueue(queue);
        return write(changes -> {
            PreparedStatement ps = db.prepare(FINISHED_IN_QUEUE);
            ps.setString(1, StoredState.finished(status).sql);
            ps.setString(2, queue);
            ps.setLong(3, changes.now);
            List<JobRef> jobs = Transitions.refs(ps);
            for (JobRef job : jobs) {
                retryByHand(changes, job);
            }
            return jobs.size();
        });
    }

    @Override
    public int purge(String queue, JobStatus status) {
        if (status == null || !status.isTerminal()) {
            throw new IllegalArgumentException("purge deletes finished jobs (complete, failed or aborted), not "
                    + (status == null ? "null" : status.wireName()));
        }
        requireQueue(queue);
        return write(changes -> {
            PreparedStatement ps = db.prepare(PURGE_FINISHED);
            ps.setString(1, StoredState.finished(status).sql);
            ps.setString(2, queue);
            ps.setLong(3, changes.now);
            return ps.executeUpdate();
        });
    }

    @Override
    public void setPaused(String queue, boolean paused) {
        requireQueue(queue);
        write(changes -> {
            if (Paused.set(db, queue, paused) && !paused) {
                changes.wake();
            }
            return null;
        });
    }

    /**
     * GCRA: one theoretical arrival time (TAT) per limiter and key, in epoch nanoseconds. With
     * interval T and tolerance (burst - 1) * T: tat = max(tat, now); wait = max(0, tat - tolerance - now);
     * tat += T. Every call reserves a permit, now or {@code wait} from now.
     */
    @Override
    public Duration reservePermit(RateLimit limit, String key) {
        String k = key == null ? "" : key;
        long interval = limit.interval().toNanos();
        long tolerance = (limit.burst() - 1) * interval;
        return write(changes -> {
            long now = changes.now * 1_000_000L;
            PreparedStatement read = db.prepare(PERMIT_STATE);
            read.setString(1, limit.name());
            read.setString(2, k);
            long tat = now;
            try (ResultSet rs = read.executeQuery()) {
                if (rs.next()) {
                    tat = Math.max(rs.getLong(1), now);
                }
            }
            long wait = Math.max(0, tat - tolerance - now);
            PreparedStatement take = db.prepare(PERMIT_TAKE);
            take.setString(1, limit.name());
            take.setString(2, k);
            take.setLong(3, tat + interval);
            take.executeUpdate();
            return Duration.ofNanos(wait);
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
    public int purgeExpired() {
        return write(changes -> {
            PreparedStatement ps = db.prepare(PURGE);
            ps.setLong(1, changes.now);
            int purged = ps.executeUpdate();
            PreparedStatement permits = db.prepare(PURGE_PERMITS);
            permits.setLong(1, changes.now * 1_000_000L);
            permits.executeUpdate();
            return purged;
        });
    }

    // ---- reads -----------------------------------------------------------------------------

    /** One statement (the row with its logs and try errors), so no explicit transaction is needed. */
    @Override
    public Optional<JobInfo> get(String id) {
        long now = clock.millis();
        return db.read(statements -> {
            PreparedStatement ps = statements.prepare(GET);
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                JobInfo info = Rows.info(rs, now);
                return info.status() == JobStatus.NOT_FOUND ? Optional.empty() : Optional.of(info);
            }
        });
    }

    @Override
    public JobPage list(JobQuery query) {
        return listing.list(query, clock.millis());
    }

    @Override
    public List<QueueCounts> queues() {
        return listing.queues(clock.millis());
    }

    @Override
    public void awaitWork(List<String> queues, Duration maxWait) throws InterruptedException {
        waiter.await(queues, maxWait);
    }

    @Override
    public AutoCloseable subscribe(Set<JobEvent.Kind> kinds, Consumer<JobEvent> listener) {
        return events.subscribe(kinds, listener);
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

    private static void requireQueue(String queue) {
        if (queue == null || queue.isBlank()) {
            throw new InvalidJobException("queue", "is required");
        }
    }

    private static void requirePositive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidJobException(field, "must be a positive duration, was " + value);
        }
    }
}
