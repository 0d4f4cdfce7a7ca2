package dev.porter.spi;

/**
 * A worker's hold on a claimed job. The token is fresh for every claim, so a worker whose lease
 * expired (and whose job was re-queued and claimed again) can no longer write to the job.
 */
public record Lease(String jobId, String token) {}
