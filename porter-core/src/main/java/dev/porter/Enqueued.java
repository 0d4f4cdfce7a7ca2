package dev.porter;

/**
 * The ticket a client gets back.
 *
 * @param id      the job id
 * @param created false when a job with this id already existed; nothing new was stored
 * @param status  the job's status now (for an existing job, that job's status)
 */
public record Enqueued(String id, boolean created, JobStatus status) {}
