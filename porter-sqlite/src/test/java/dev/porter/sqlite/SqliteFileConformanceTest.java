package dev.porter.sqlite;

import dev.porter.conformance.JobStoreConformanceTest;
import dev.porter.conformance.MutableClock;
import dev.porter.spi.JobStore;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** The whole store contract again on a real file in WAL mode, where durability and locking are real. */
class SqliteFileConformanceTest extends JobStoreConformanceTest {
    @TempDir
    static Path dir;

    private static final AtomicInteger files = new AtomicInteger();

    @Override
    protected JobStore openStore(MutableClock clock) {
        return SqliteJobStore.open(dir.resolve("store-" + files.incrementAndGet() + ".db"), clock);
    }
}
