package dev.porter.redis;

import dev.porter.conformance.WorkerConformanceTest;
import dev.porter.spi.JobStore;
import java.time.Clock;

/** The worker engine's conformance suite on the Redis store. */
class RedisWorkerConformanceTest extends WorkerConformanceTest {
    @Override
    protected JobStore openStore(Clock clock) {
        TestRedis server = TestRedis.shared();
        server.flush();
        return RedisJobStore.open(server.url(), clock);
    }
}
