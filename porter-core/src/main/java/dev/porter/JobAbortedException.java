package dev.porter;

/** Thrown by {@link PorterClient#result} when the job was aborted. */
public class JobAbortedException extends RuntimeException {
    private final String jobId;

    public JobAbortedException(String jobId) {
        super("job " + jobId + " was aborted");
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
