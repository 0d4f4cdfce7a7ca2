package dev.porter;

/** Thrown by {@link PorterClient#result} when the job failed for good; carries the remote error. */
public class JobFailedException extends RuntimeException {
    private final String jobId;
    private final JobError error;

    public JobFailedException(String jobId, JobError error) {
        super("job " + jobId + " failed: " + error.type() + ": " + error.message());
        this.jobId = jobId;
        this.error = error;
    }

    public String jobId() {
        return jobId;
    }

    public JobError error() {
        return error;
    }
}
