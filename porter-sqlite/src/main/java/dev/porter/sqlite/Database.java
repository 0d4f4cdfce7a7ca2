package dev.porter.sqlite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SQLite connection, used under a lock. SQLite runs one writer at a time anyway, and a single
 * connection lets every statement stay prepared. Write transactions start with
 * {@code BEGIN IMMEDIATE}, so two processes on one file queue up on {@code busy_timeout} instead of
 * failing when a reader tries to become a writer.
 */
final class Database implements AutoCloseable {
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

    private final Connection connection;
    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    private Database(Connection connection, String name) {
        this.connection = connection;
        this.name = name;
    }

    /**
     * Opens and migrates the database. {@code name} appears in every error message.
     * WAL with {@code synchronous=NORMAL}: a commit is in the WAL file before the call returns, so it
     * survives a kill of the process; an OS crash or power cut may lose the last commits.
     */
    static Database open(String jdbcUrl, String name) {
        Connection connection;
        try {
            connection = DriverManager.getConnection(jdbcUrl);
        } catch (SQLException e) {
            throw new SqliteStoreException("cannot open " + name + ": " + e.getMessage(), e);
        }
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("PRAGMA synchronous = NORMAL");
            st.execute("PRAGMA wal_autocheckpoint = " + CHECKPOINT_PAGES);
            st.execute("PRAGMA journal_size_limit = " + WAL_SIZE_LIMIT);
            st.execute("PRAGMA foreign_keys = ON");
            Schema.migrate(connection, name);
            return new Database(connection, name);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            if (e instanceof SqliteStoreException s) {
                throw s;
            }
            throw new SqliteStoreException("cannot open " + name + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} in a write transaction; {@code afterCommit} runs after the commit, still in order. */
    <T> T write(Work<T> work, Runnable afterCommit) {
        return inTransaction("BEGIN IMMEDIATE", work, afterCommit);
    }

    /** Runs {@code work} in a read transaction, so several queries see one snapshot. */
    <T> T read(Work<T> work) {
        return inTransaction("BEGIN", work, () -> {});
    }

    private <T> T inTransaction(String begin, Work<T> work, Runnable afterCommit) {
        lock.lock();
        try {
            execute(begin);
            T result;
            try {
                result = work.run();
                execute("COMMIT");
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly();
                throw e;
            }
            afterCommit.run();
            return result;
        } catch (SQLException e) {
            throw new SqliteStoreException(name + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** A prepared statement kept for the life of the store; only use it inside {@link #write} or {@link #read}. */
    PreparedStatement prepare(String sql) throws SQLException {
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
        try (ResultSet rs = prepare("PRAGMA data_version").executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new SqliteStoreException(name + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
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
        lock.lock();
        try {
            for (PreparedStatement ps : statements.values()) {
                ps.close();
            }
            statements.clear();
            connection.close();
        } catch (SQLException e) {
            throw new SqliteStoreException("cannot close " + name + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
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
