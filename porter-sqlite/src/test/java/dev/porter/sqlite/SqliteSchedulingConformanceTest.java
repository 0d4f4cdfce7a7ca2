package dev.porter.sqlite;

import dev.porter.conformance.MutableClock;
import dev.porter.conformance.SchedulingConformanceTest;
import dev.porter.spi.JobStore;
import dev.porter.spi.JobStores;

/** Cron ticks and unique windows on SQLite. */
class SqliteSchedulingConformanceTest extends SchedulingConformanceTest {
    @Override
    protected JobStore openStore(MutableClock clock) {
        return JobStores.open("sqlite::memory:", clock);
    }
}
