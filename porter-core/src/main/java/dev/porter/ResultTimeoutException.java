package dev.porter;

/** {@link PorterClient#result} waited as long as it was told and the job had not finished. */
public class ResultTimeoutException extends RuntimeException {
    private final String jobId;
    private final JobStatus status;

    public ResultTimeoutException(String jobId, JobStatus status) {
        super("job " + jobId + " has not finished (" + status.wireName() + ")");
        this.jobId = jobId;
        this.status = status;
    }

    public String jobId() {
        return jobId;
    }

    /** The job's status when the wait ended. */
    public JobStatus status() {
        return status;
    }
}
