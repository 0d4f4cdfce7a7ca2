package dev.porter.spi;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
        List<String> known = new ArrayList<>();
        for (JobStoreProvider p : ServiceLoader.load(JobStoreProvider.class)) {
            if (p.supports(url)) {
                return p.open(url, clock);
            }
            known.add(p.getClass().getSimpleName());
        }
        throw new IllegalArgumentException("no store for URL '" + url + "' (available: "
                + (known.isEmpty() ? "none on the classpath" : String.join(", ", known))
                + "); use sqlite:PATH or redis://host:port/db");
    }
}
