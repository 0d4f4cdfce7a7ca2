package dev.porter.sqlite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SQLite connection, used under a lock. SQLite runs one writer at a time anyway, and a single
 * connection lets every statement stay prepared. Write transactions start with
 * {@code BEGIN IMMEDIATE}, so two processes on one file queue up on {@code busy_timeout} instead of
 * failing when a reader tries to become a writer. Writes that arrive together share a commit
 * (see {@link #write}).
 */
final class Database implements AutoCloseable, Statements {
    /** How long a writer waits for another process's transaction before giving up. */
    static final int BUSY_TIMEOUT_MS = 10_000;
    /**
     * WAL pages between checkpoints (about 40 MB at 4 KB pages). A checkpoint syncs the file, and at
     * SQLite's default of 1,000 pages those syncs cost more than half the time of small commits;
     * ten times fewer of them, each folding many writes of the same hot pages, keep enqueue fast.
     */
    static final int CHECKPOINT_PAGES = 10_000;
    /** The WAL file is cut back to this size after a checkpoint, so a burst does not leave it huge. */
    static final long WAL_SIZE_LIMIT = 64L * 1024 * 1024;
    /** Most writes committed together, so one commit never grows without bound under a flood. */
    static final int MAX_GROUP = 256;
    /** How long one thread keeps committing others' writes before it hands the connection on. */
    static final long TURN_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Connection connection;
    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** Writes waiting for the connection, in arrival order. */
    private final Queue<PendingWrite<?>> pending = new ConcurrentLinkedQueue<>();
    /** Read-only connections for reads; null: reads use the one connection (an in-memory database). */
    private final ReadPool readers;

    private Database(Connection connection, String name, ReadPool readers) {
        this.connection = connection;
        this.name = name;
        this.readers = readers;
    }

    /**
     * Opens and migrates the database. {@code name} appears in every error message.
     * WAL with {@code synchronous=NORMAL}: a commit is in the WAL file before the call returns, so it
     * survives a kill of the process; an OS crash or power cut may lose the last commits.
     */
    static Database open(String jdbcUrl, String name, int readConnections) {
        Connection connection;
        try {
            connection = DriverManager.getConnection(jdbcUrl);
        } catch (SQLException e) {
            throw new SqliteStoreException("cannot open " + name + ": " + e.getMessage(), e);
        }
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            requireWal(st, name);
            st.execute("PRAGMA synchronous = NORMAL");
            st.execute("PRAGMA wal_autocheckpoint = " + CHECKPOINT_PAGES);
            st.execute("PRAGMA journal_size_limit = " + WAL_SIZE_LIMIT);
            st.execute("PRAGMA foreign_keys = ON");
            Schema.migrate(connection, name);
            return new Database(connection, name,
                    readConnections > 0 ? new ReadPool(jdbcUrl, name, readConnections) : null);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            if (e instanceof SqliteStoreException s) {
                throw s;
            }
            throw new SqliteStoreException("cannot open " + name + ": " + e.getMessage(), e);
        }
    }

    /** SQLite keeps the old journal mode when it cannot use WAL (e.g. on some network file systems); refuse that. */
    private static void requireWal(Statement st, String name) throws SQLException {
        try (ResultSet rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
            String mode = rs.next() ? rs.getString(1) : "unknown";
            if (!mode.equalsIgnoreCase("wal") && !mode.equalsIgnoreCase("memory")) {
                throw new SqliteStoreException("cannot use WAL mode for " + name + " (journal mode stays '" + mode
                        + "'); put the file on a local disk");
            }
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in a write transaction and returns once it is committed; {@code afterCommit}
     * runs after the commit, in commit order, and must not throw.
     *
     * <p>Group commit: a write that finds the connection busy waits in {@link #pending}. Whoever
     * holds the connection commits the waiting writes in groups of up to {@link #MAX_GROUP}, one
     * transaction each, every write inside its own savepoint (so a failing write rolls back only
     * itself), and on letting go wakes the caller of the next waiting write to carry on. Concurrent
     * callers (a server's requests, a worker's finishing jobs) so share commits, and a lone caller
     * runs its own write at once, with no hand-off.
     */
    <T> T write(Work<T> work, Runnable afterCommit) {
        PendingWrite<T> mine = new PendingWrite<>(work, afterCommit, this::commitWaitingWrites);
        pending.add(mine);
        commitWaitingWrites();
        return mine.await(name);
    }

    /**
     * Commits waiting writes for one turn, unless another thread holds the connection (it will hand
     * on). Waking a parked caller costs more than a commit on a busy machine, so the thread already
     * running serves a burst; the turn's time limit bounds how long its own caller waits.
     */
    private void commitWaitingWrites() {
        if (lock.tryLock()) {
            try {
                long turnEnds = System.nanoTime() + TURN_NANOS;
                do {
                    commitGroup();
                } while (!pending.isEmpty() && System.nanoTime() - turnEnds < 0);
            } finally {
                unlock();
            }
        }
    }

    /**
     * Lets go of the connection. A write queued meanwhile found the connection taken and its caller
     * is parked: wake it, so it commits the next group.
     */
    private void unlock() {
        lock.unlock();
        PendingWrite<?> next = pending.peek();
        if (next != null) {
            next.wake();
        }
    }

    private void commitGroup() {
        List<PendingWrite<?>> group = new ArrayList<>();
        for (PendingWrite<?> w; group.size() < MAX_GROUP && (w = pending.poll()) != null; ) {
            group.add(w);
        }
        if (group.isEmpty()) {
            return;
        }
        boolean savepoints = group.size() > 1;
        try {
            requireOpen();
            execute("BEGIN IMMEDIATE");
            for (PendingWrite<?> w : group) {
                if (savepoints) {
                    runInSavepoint(w);
                } else {
                    w.run();
                }
            }
            execute("COMMIT");
        } catch (SQLException | RuntimeException | Error e) {
            rollbackQuietly();
            group.forEach(w -> w.fail(e));
            return;
        }
        for (PendingWrite<?> w : group) {
            if (!w.failed()) {
                w.committed();
            }
        }
    }

    private void runInSavepoint(PendingWrite<?> w) throws SQLException {
        execute("SAVEPOINT write");
        try {
            w.run();
        } catch (SQLException | RuntimeException e) {
            execute("ROLLBACK TO write");
            w.fail(e);
        }
        execute("RELEASE write");
    }

    /**
     * Runs a read: on a read-only connection of the pool (file stores), else on the one connection
     * under its lock. No explicit transaction: every read that needs one snapshot is one statement.
     */
    <T> T read(Statements.Read<T> work) {
        if (readers != null) {
            return readers.read(work);
        }
        lock.lock();
        try {
            requireOpen();
            return work.run(this);
        } catch (SQLException e) {
            throw new SqliteStoreException(name + ": " + e.getMessage(), e);
        } finally {
            unlock();
        }
    }

    /** A prepared statement kept for the life of the store; only use it inside {@link #write} or {@link #read}. */
    @Override
    public PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Changes whenever another connection (another process) commits to the file. */
    long dataVersion() {
        lock.lock();
        try {
            requireOpen();
            try (ResultSet rs = prepare("PRAGMA data_version").executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new SqliteStoreException(name + ": " + e.getMessage(), e);
        } finally {
            unlock();
        }
    }

    private void requireOpen() throws SQLException {
        if (connection.isClosed()) {
            throw new SqliteStoreException(name + " is closed");
        }
    }

    private void execute(String sql) throws SQLException {
        prepare(sql).execute();
    }

    private void rollbackQuietly() {
        try {
            execute("ROLLBACK");
        } catch (SQLException ignored) {
            // the transaction is gone already (SQLite rolls back on some errors by itself)
        }
    }

    @Override
    public void close() {
        if (readers != null) {
            readers.close();
        }
        lock.lock();
        try {
            if (connection.isClosed()) {
                return;
            }
            for (PreparedStatement ps : statements.values()) {
                ps.close();
            }
            statements.clear();
            connection.close();
        } catch (SQLException e) {
            throw new SqliteStoreException("cannot close " + name + ": " + e.getMessage(), e);
        } finally {
            unlock(); // a waiting write now fails: the store is closed
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already failing; the first error is the one to report
        }
    }
}
