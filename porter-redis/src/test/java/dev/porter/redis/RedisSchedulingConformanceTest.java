package dev.porter.redis;

import dev.porter.conformance.MutableClock;
import dev.porter.conformance.SchedulingConformanceTest;
import dev.porter.spi.JobStore;
import dev.porter.spi.JobStores;

/** Cron ticks and unique windows on the test's own redis-server. */
class RedisSchedulingConformanceTest extends SchedulingConformanceTest {
    @Override
    protected JobStore openStore(MutableClock clock) {
        TestRedis server = TestRedis.shared();
        server.flush();
        return JobStores.open(server.url(), clock);
    }
}
