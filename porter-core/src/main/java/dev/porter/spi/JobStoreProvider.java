package dev.porter.spi;

import java.time.Clock;

/**
 * Opens stores for URL schemes (found with {@link java.util.ServiceLoader}). A store module registers
 * one in {@code META-INF/services/dev.porter.spi.JobStoreProvider}.
 */
public interface JobStoreProvider {
    /** Whether this provider opens URLs like this one (by scheme). */
    boolean supports(String url);

    /** Opens (creating or migrating where needed) the store at {@code url}. */
    JobStore open(String url, Clock clock);
}
