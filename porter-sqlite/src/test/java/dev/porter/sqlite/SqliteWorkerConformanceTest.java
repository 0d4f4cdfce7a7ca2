package dev.porter.sqlite;

import dev.porter.conformance.WorkerConformanceTest;
import dev.porter.spi.JobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** The worker engine's rules on a real SQLite file. */
class SqliteWorkerConformanceTest extends WorkerConformanceTest {
    @TempDir
    static Path dir;

    private static final AtomicInteger files = new AtomicInteger();

    @Override
    protected JobStore openStore(Clock clock) {
        return SqliteJobStore.open(dir.resolve("worker-" + files.incrementAndGet() + ".db"), clock);
    }
}
