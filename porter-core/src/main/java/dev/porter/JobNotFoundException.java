package dev.porter;

/** The id is unknown, or the job finished and its kept result expired. */
public class JobNotFoundException extends RuntimeException {
    private final String jobId;

    public JobNotFoundException(String jobId) {
        super("job " + jobId + " not found");
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
