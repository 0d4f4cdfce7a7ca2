package dev.porter.sqlite;

import dev.porter.spi.JobStore;
import dev.porter.spi.JobStoreProvider;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;

/** Opens {@code sqlite:PATH} (a file, created with its directories) and {@code sqlite::memory:} (private). */
public final class SqliteStoreProvider implements JobStoreProvider {
    static final String SCHEME = "sqlite:";
    static final String MEMORY = "sqlite::memory:";

    @Override
    public boolean supports(String url) {
        return url != null && url.startsWith(SCHEME);
    }

    @Override
    public JobStore open(String url, Clock clock) {
        if (!supports(url)) {
            throw new IllegalArgumentException("not a sqlite URL: '" + url + "'; use sqlite:PATH or sqlite::memory:");
        }
        if (url.equals(MEMORY)) {
            return SqliteJobStore.inMemory(clock);
        }
        String path = url.substring(SCHEME.length());
        if (path.isBlank()) {
            throw new IllegalArgumentException("the sqlite URL '" + url + "' has no path; use e.g. sqlite:./porter.db");
        }
        try {
            return SqliteJobStore.open(Path.of(path), clock);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("the sqlite URL '" + url + "' has an invalid path: " + e.getMessage(), e);
        }
    }
}
