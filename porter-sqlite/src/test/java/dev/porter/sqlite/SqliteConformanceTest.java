package dev.porter.sqlite;

import dev.porter.conformance.JobStoreConformanceTest;
import dev.porter.conformance.MutableClock;
import dev.porter.spi.JobStore;
import dev.porter.spi.JobStores;

/** The whole store contract against a private in-memory database, opened by URL as users do. */
class SqliteConformanceTest extends JobStoreConformanceTest {
    @Override
    protected JobStore openStore(MutableClock clock) {
        return JobStores.open("sqlite::memory:", clock);
    }
}
