package dev.porter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Writes that wait for the connection are committed together, and each still stands or falls alone. */
class GroupCommitTest {
    private final Database db = Database.open("jdbc:sqlite::memory:", "test", 0);

    @AfterEach
    void close() {
        db.close();
    }

    private Void insertWorker(String id) throws SQLException {
        PreparedStatement ps = db.prepare("""
                INSERT INTO workers (id, pid, queues, functions, max_jobs, running, completed, failed, alive_until)
                VALUES (?, 1, '', '', 1, 0, 0, 0, 0)""");
        ps.setString(1, id);
        ps.executeUpdate();
        return null;
    }

    private List<String> workerIds() {
        return db.read(statements -> {
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = db.prepare("SELECT id FROM workers ORDER BY id").executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    @Test
    void writesQueuedBehindABusyConnectionCommitTogetherAndEachFailsAlone() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> db.read(statements -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return null;
        }));
        holding.await();

        Set<Thread> committers = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = "w" + i;
            boolean fails = i % 2 == 1;
            CompletableFuture<Void> write = new CompletableFuture<>();
            writes.add(write);
            writers.add(Thread.ofPlatform().start(() -> {
                try {
                    db.write(() -> {
                        insertWorker(id);
                        if (fails) {
                            throw new IllegalStateException("write " + id + " fails after its insert");
                        }
                        return null;
                    }, () -> committers.add(Thread.currentThread()));
                    write.complete(null);
                } catch (RuntimeException e) {
                    write.completeExceptionally(e);
                }
            }));
        }
        // every writer found the connection busy and is parked on its queued write
        await().atMost(Duration.ofSeconds(5)).until(() -> writers.stream().allMatch(GroupCommitTest::parkedOnItsWrite));

        release.countDown();
        reader.join(5_000);

        for (int i = 0; i < writes.size(); i++) {
            CompletableFuture<Void> write = writes.get(i);
            if (i % 2 == 1) {
                assertThatThrownBy(() -> write.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
            } else {
                write.get(5, TimeUnit.SECONDS);
            }
        }
        assertThat(workerIds()).containsExactly("w0", "w2", "w4");
        assertThat(committers).as("one thread committed every waiting write").hasSize(1);
    }

    private static boolean parkedOnItsWrite(Thread t) {
        return t.getState() == Thread.State.WAITING && Arrays.stream(t.getStackTrace()).anyMatch(
                f -> f.getClassName().equals(PendingWrite.class.getName()) && f.getMethodName().equals("await"));
    }

    @Test
    void aLoneFailingWriteRollsBack() {
        assertThatThrownBy(() -> db.write(() -> {
            insertWorker("lonely");
            throw new IllegalStateException("no");
        }, () -> {})).isInstanceOf(IllegalStateException.class);

        assertThat(workerIds()).isEmpty();
    }

    @Test
    void manyConcurrentWritersAllCommit() throws Exception {
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            writers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 50; i++) {
                    String id = "t" + thread + "-" + i;
                    db.write(() -> insertWorker(id), () -> {});
                }
            }));
        }
        for (Thread writer : writers) {
            writer.join(30_000);
        }

        assertThat(workerIds()).hasSize(400);
    }

    @Test
    void aWriteAfterCloseFailsClearly() {
        db.close();

        assertThatThrownBy(() -> db.write(() -> insertWorker("late"), () -> {}))
                .isInstanceOf(SqliteStoreException.class)
                .hasMessage("test is closed");
    }
}
