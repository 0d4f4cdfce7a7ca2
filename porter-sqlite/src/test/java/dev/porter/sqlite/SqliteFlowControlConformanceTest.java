package dev.porter.sqlite;

import dev.porter.conformance.FlowControlConformanceTest;
import dev.porter.conformance.MutableClock;
import dev.porter.spi.JobStore;
import dev.porter.spi.JobStores;

/** Pause, rate limits, postponing, dead letters, event kinds and try errors on a private in-memory database. */
class SqliteFlowControlConformanceTest extends FlowControlConformanceTest {
    @Override
    protected JobStore openStore(MutableClock clock) {
        return JobStores.open("sqlite::memory:", clock);
    }
}
