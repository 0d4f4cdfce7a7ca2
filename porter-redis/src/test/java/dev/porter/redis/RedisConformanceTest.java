package dev.porter.redis;

import dev.porter.conformance.JobStoreConformanceTest;
import dev.porter.conformance.MutableClock;
import dev.porter.spi.JobStore;
import dev.porter.spi.JobStores;

/** The whole store contract against the test's own redis-server, opened by URL as users do. */
class RedisConformanceTest extends JobStoreConformanceTest {
    @Override
    protected JobStore openStore(MutableClock clock) {
        TestRedis server = TestRedis.shared();
        server.flush();
        return JobStores.open(server.url(), clock);
    }
}
