package dev.porter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File stores read on read-only connections: beside a running write, and seeing every earlier commit. */
class ReadPoolTest {
    @TempDir
    Path dir;
    private Database db;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:sqlite:" + dir.resolve("pool.db"), "pool.db", 2);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private int workers() {
        return db.read(statements -> {
            try (ResultSet rs = statements.prepare("SELECT count(*) FROM workers").executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private void insertWorker(String id) throws java.sql.SQLException {
        var ps = db.prepare("""
                INSERT INTO workers (id, pid, queues, functions, max_jobs, running, completed, failed, alive_until)
                VALUES (?, 1, '', '', 1, 0, 0, 0, 0)""");
        ps.setString(1, id);
        ps.executeUpdate();
    }

    @Test
    void aReadNeitherWaitsForAWriteInProgressNorSeesIt() throws Exception {
        db.write(() -> {
            insertWorker("committed");
            return null;
        }, () -> {});
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // own threads: the common pool may have a single thread on a small machine
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> db.write(() -> {
            insertWorker("uncommitted");
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return null;
        }, () -> {}), threads);
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        try {
            assertThat(CompletableFuture.supplyAsync(this::workers, threads).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        } finally {
            release.countDown();
        }
        writing.get(5, TimeUnit.SECONDS);
        threads.shutdown();
        assertThat(workers()).as("a read after the commit sees it").isEqualTo(2);
    }

    @Test
    void readConnectionsCannotWrite() {
        assertThatThrownBy(() -> db.read(statements -> statements.prepare("DELETE FROM workers").executeUpdate()))
                .isInstanceOf(SqliteStoreException.class).hasMessageContaining("readonly");
    }

    @Test
    void aClosedPoolRefusesReads() {
        db.close();
        assertThatThrownBy(this::workers).isInstanceOf(SqliteStoreException.class).hasMessageContaining("closed");
    }
}
