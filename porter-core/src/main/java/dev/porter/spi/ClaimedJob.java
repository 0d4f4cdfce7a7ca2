package dev.porter.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * A job a worker has claimed, with the lease that fences every later write.
 *
 * @param tryNumber the try this claim starts (1 for the first)
 * @param permitReserved the job was postponed for a rate limit and holds the permit it waited for
 */
public record ClaimedJob(
        String id,
        String function,
        String argsJson,
        String queue,
        int priority,
        int tryNumber,
        Integer maxTries,
        Duration timeout,
        Duration keepResult,
        Instant enqueuedAt,
        Lease lease,
        boolean permitReserved) {}
