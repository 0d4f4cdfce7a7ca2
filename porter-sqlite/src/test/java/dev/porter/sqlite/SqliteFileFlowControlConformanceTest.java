package dev.porter.sqlite;

import dev.porter.conformance.FlowControlConformanceTest;
import dev.porter.conformance.MutableClock;
import dev.porter.spi.JobStore;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** Flow control on a file, where reads (counts, paused queues, try errors) go through the read pool. */
class SqliteFileFlowControlConformanceTest extends FlowControlConformanceTest {
    @TempDir
    static Path dir;

    private static final AtomicInteger files = new AtomicInteger();

    @Override
    protected JobStore openStore(MutableClock clock) {
        return SqliteJobStore.open(dir.resolve("flow-" + files.incrementAndGet() + ".db"), clock);
    }
}
