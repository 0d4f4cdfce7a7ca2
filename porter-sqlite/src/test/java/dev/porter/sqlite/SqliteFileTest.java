package dev.porter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porter.Enqueued;
import dev.porter.JobStatus;
import dev.porter.conformance.MutableClock;
import dev.porter.spi.ClaimedJob;
import dev.porter.spi.JobStore;
import dev.porter.spi.JobStores;
import dev.porter.spi.NewJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only a file can show: reopening, migrating, and several stores (processes) on one file. */
class SqliteFileTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

    private NewJob job(String id) {
        return new NewJob(id, "send", "{}", "default", 0, clock.instant(), null, null, null, null);
    }

    private static int userVersion(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement()) {
            return Schema.version(st);
        }
    }

    @Test
    void reopeningKeepsTheJobs() throws Exception {
        Path file = dir.resolve("porter.db");
        try (JobStore store = SqliteJobStore.open(file, clock)) {
            store.enqueue(List.of(job("a")));
        }

        try (JobStore store = SqliteJobStore.open(file, clock)) {
            assertThat(store.get("a")).hasValueSatisfying(a -> assertThat(a.status()).isEqualTo(JobStatus.QUEUED));
        }
        assertThat(userVersion(file)).isEqualTo(Schema.latest());
    }

    @Test
    void anOlderDatabaseIsMigratedAndKeepsItsJobs() throws Exception {
        Path file = dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement()) {
            Schema.migrate(c, "old.db", 1);
            st.execute("""
                    INSERT INTO jobs (id, function, args, queue, priority, state, enqueued_at, run_at)
                    VALUES ('old', 'send', '{}', 'default', 0, 'queued', 0, 0)""");
        }
        assertThat(userVersion(file)).isEqualTo(1);

        try (JobStore store = SqliteJobStore.open(file, clock)) {
            assertThat(store.get("old")).isPresent();
            assertThat(store.workers()).as("the table of step 2 exists").isEmpty();
        }
        assertThat(userVersion(file)).isEqualTo(Schema.latest());
    }

    @Test
    void aDatabaseFromANewerPorterIsRefused() throws Exception {
        Path file = dir.resolve("new.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = 99");
        }

        assertThatThrownBy(() -> SqliteJobStore.open(file, clock))
                .isInstanceOf(SqliteStoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("schema version 99");
    }

    @Test
    void theFileIsInWalMode() throws Exception {
        Path file = dir.resolve("wal.db");
        SqliteJobStore.open(file, clock).close();

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void twoStoresOnOneFileSeeEachOthersJobs() {
        Path file = dir.resolve("shared.db");
        try (JobStore client = SqliteJobStore.open(file, clock); JobStore worker = SqliteJobStore.open(file, clock)) {
            client.enqueue(List.of(job("a")));

            List<ClaimedJob> claimed = worker.claim("w", List.of("default"), 10, Duration.ofSeconds(30));

            assertThat(claimed).extracting(ClaimedJob::id).containsExactly("a");
            assertThat(client.get("a")).hasValueSatisfying(a -> assertThat(a.status()).isEqualTo(JobStatus.IN_PROGRESS));
            assertThat(client.enqueue(List.of(job("a")))).containsExactly(new Enqueued("a", false, JobStatus.IN_PROGRESS));
        }
    }

    @Test
    void awaitWorkWakesWhenAnotherStoreEnqueues() throws Exception {
        Path file = dir.resolve("wake.db");
        try (JobStore client = SqliteJobStore.open(file, clock); JobStore worker = SqliteJobStore.open(file, clock)) {
            CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                try {
                    worker.awaitWork(List.of("default"), Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            });
            Thread.sleep(150);

            client.enqueue(List.of(job("a")));

            assertThat(waited.get(5, TimeUnit.SECONDS)).as("ms, with a 10 s maxWait").isLessThan(2000);
            assertThat(worker.claim("w", List.of("default"), 1, Duration.ofSeconds(30))).hasSize(1);
        }
    }

    @Test
    void storesOnOneFileWriteConcurrentlyWithoutLosingJobs() throws Exception {
        Path file = dir.resolve("busy.db");
        try (JobStore a = SqliteJobStore.open(file, clock); JobStore b = SqliteJobStore.open(file, clock)) {
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (JobStore store : List.of(a, b)) {
                String prefix = store == a ? "a" : "b";
                writers.add(CompletableFuture.runAsync(() -> IntStream.range(0, 200)
                        .forEach(i -> store.enqueue(List.of(job(prefix + i))))));
            }
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            assertThat(a.queues()).singleElement().satisfies(q -> assertThat(q.queued()).isEqualTo(400));
        }
    }

    @Test
    void openingByUrlCreatesTheDirectories() {
        Path file = dir.resolve("a/b/porter.db");

        try (JobStore store = JobStores.open("sqlite:" + file, clock)) {
            assertThat(store.describe()).isEqualTo("sqlite:" + file);
        }
        assertThat(file).exists();
    }

    @Test
    void inMemoryStoresArePrivate() {
        try (JobStore one = JobStores.open("sqlite::memory:", clock);
                JobStore two = JobStores.open("sqlite::memory:", clock)) {
            one.enqueue(List.of(job("a")));

            assertThat(two.get("a")).isEmpty();
            assertThat(one.get("a")).isPresent();
        }
    }

    @Test
    void aDirectoryIsNotADatabase() {
        assertThatThrownBy(() -> SqliteJobStore.open(dir, clock))
                .isInstanceOf(SqliteStoreException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("is a directory");
    }

    @Test
    void aPathBelowAFileNamesTheProblem() throws Exception {
        Path blocker = Files.writeString(dir.resolve("plain-file"), "x");

        assertThatThrownBy(() -> JobStores.open("sqlite:" + blocker.resolve("porter.db"), clock))
                .isInstanceOf(SqliteStoreException.class)
                .hasMessageContaining(blocker.toString());
    }

    @Test
    void aFileThatIsNotADatabaseNamesThePath() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.db"), "this is not a database, just text ".repeat(100));

        assertThatThrownBy(() -> SqliteJobStore.open(junk, clock))
                .isInstanceOf(SqliteStoreException.class)
                .hasMessageContaining(junk.toString())
                .hasMessageContaining("not a database");
    }

    @Test
    void aClosedStoreSaysSo() {
        JobStore store = SqliteJobStore.open(dir.resolve("closed.db"), clock);
        store.close();
        store.close();

        assertThatThrownBy(() -> store.get("a"))
                .isInstanceOf(SqliteStoreException.class)
                .hasMessageContaining("closed.db")
                .hasMessageEndingWith("is closed");
    }

    @Test
    void aUrlWithoutAPathIsRefused() {
        assertThatThrownBy(() -> JobStores.open("sqlite:", clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sqlite:./porter.db");
    }
}
