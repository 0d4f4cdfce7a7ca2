package dev.porter.redis;

import dev.porter.conformance.FlowControlConformanceTest;
import dev.porter.conformance.MutableClock;
import dev.porter.spi.JobStore;

/** Pause, rate-limit permits, postponing, dead-letter bulk actions and try errors on Redis. */
class RedisFlowControlConformanceTest extends FlowControlConformanceTest {
    @Override
    protected JobStore openStore(MutableClock clock) {
        TestRedis server = TestRedis.shared();
        server.flush();
        return RedisJobStore.open(server.url(), clock);
    }
}
