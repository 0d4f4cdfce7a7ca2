package dev.porter.spi;

import dev.porter.JobStatus;

/**
 * A filter for {@link JobStore#list}. Null fields match everything.
 *
 * @param cursor from the previous page's {@link JobPage#nextCursor()}, or null for the first page
 * @param limit  page size, 1 to {@value #MAX_LIMIT}
 */
public record JobQuery(String queue, JobStatus status, String function, String cursor, int limit) {
    public static final int MAX_LIMIT = 1000;

    public JobQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new dev.porter.InvalidJobException("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
    }

    public static JobQuery all(int limit) {
        return new JobQuery(null, null, null, null, limit);
    }

    public JobQuery withCursor(String next) {
        return new JobQuery(queue, status, function, next, limit);
    }
}
