package dev.porter.spi;

import java.time.Clock;
import java.util.ServiceLoader;

/** Opens a store by URL, e.g. {@code sqlite:./porter.db} or {@code redis://localhost:6379/0}. */
public final class JobStores {
    private JobStores() {}

    public static JobStore open(String url) {
        return open(url, Clock.systemUTC());
    }

    public static JobStore open(String url, Clock clock) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("store URL is required, e.g. sqlite:./porter.db");
        }
        boolean any = false;
        for (JobStoreProvider p : ServiceLoader.load(JobStoreProvider.class)) {
            if (p.supports(url)) {
                return p.open(url, clock);
            }
            any = true;
        }
        throw new IllegalArgumentException(any
                ? "no store for URL '" + url + "'; use sqlite:PATH, sqlite::memory: or redis://host:port/db"
                : "no store module on the classpath for URL '" + url + "' (add porter-sqlite or porter-redis)");
    }
}
