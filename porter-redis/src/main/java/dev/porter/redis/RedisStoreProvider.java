package dev.porter.redis;

import dev.porter.spi.JobStore;
import dev.porter.spi.JobStoreProvider;
import java.time.Clock;

/** Opens {@code redis://[user:pass@]host:port/db} and {@code rediss://} (TLS) URLs. */
public final class RedisStoreProvider implements JobStoreProvider {
    @Override
    public boolean supports(String url) {
        return url != null && (url.startsWith("redis://") || url.startsWith("rediss://"));
    }

    @Override
    public JobStore open(String url, Clock clock) {
        return RedisJobStore.open(url, clock);
    }
}
