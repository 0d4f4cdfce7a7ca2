package dev.porter.sqlite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Read-only connections to a file store, so reads ({@code get}, {@code list}, {@code queues},
 * {@code workers}) neither wait for the write connection nor hold it: in WAL mode readers run
 * beside the writer and beside each other, each seeing the last commit when its statement starts.
 * Connections are opened on first need, up to {@code size}; a read takes an idle one or waits for
 * one. Each keeps its statements prepared.
 */
final class ReadPool implements AutoCloseable {
    private final String jdbcUrl;
    private final String name;
    private final int size;
    private final BlockingQueue<Reader> idle;
    private final AtomicInteger opened = new AtomicInteger();
    private volatile boolean closed;

    ReadPool(String jdbcUrl, String name, int size) {
        this.jdbcUrl = jdbcUrl;
        this.name = name;
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size);
    }

    <T> T read(Statements.Read<T> work) {
        Reader reader = take();
        try {
            return work.run(reader);
        } catch (SQLException e) {
            throw new SqliteStoreException(name + ": " + e.getMessage(), e);
        } finally {
            give(reader);
        }
    }

    private Reader take() {
        while (true) {
            if (closed) {
                throw new SqliteStoreException(name + " is closed");
            }
            Reader reader = idle.poll();
            if (reader != null) {
                return reader;
            }
            if (opened.incrementAndGet() <= size) {
                try {
                    return open();
                } catch (RuntimeException e) {
                    opened.decrementAndGet();
                    throw e;
                }
            }
            opened.decrementAndGet();
            try {
                reader = idle.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SqliteStoreException(name + ": interrupted while waiting for a read connection");
            }
            if (reader != null) {
                return reader;
            }
        }
    }

    private void give(Reader reader) {
        if (closed || !idle.offer(reader)) {
            reader.close();
            return;
        }
        if (closed) { // closed while we handed it back: make sure nothing stays open
            drain();
        }
    }

    private Reader open() {
        try {
            Connection connection = DriverManager.getConnection(jdbcUrl);
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA busy_timeout = " + Database.BUSY_TIMEOUT_MS);
                st.execute("PRAGMA query_only = 1");
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            return new Reader(connection);
        } catch (SQLException e) {
            throw new SqliteStoreException("cannot open a read connection to " + name + ": " + e.getMessage(), e);
        }
    }

    private void drain() {
        for (Reader r; (r = idle.poll()) != null; ) {
            r.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        drain();
    }

    private static final class Reader implements Statements {
        private final Connection connection;
        private final Map<String, PreparedStatement> statements = new HashMap<>();

        Reader(Connection connection) {
            this.connection = connection;
        }

        @Override
        public PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement ps = statements.get(sql);
            if (ps == null) {
                ps = connection.prepareStatement(sql);
                statements.put(sql, ps);
            }
            return ps;
        }

        void close() {
            try {
                for (PreparedStatement ps : statements.values()) {
                    ps.close();
                }
                connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
