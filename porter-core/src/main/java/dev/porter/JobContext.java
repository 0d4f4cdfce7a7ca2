package dev.porter;

import java.time.Instant;

/** What a running job sees of itself and of Porter. */
public interface JobContext {
    String jobId();

    String function();

    String queue();

    /** 1 for the first try. */
    int tryNumber();

    int maxTries();

    Instant enqueuedAt();

    /** A client on the same store, to enqueue follow-up jobs (chains). */
    PorterClient client();

    /** Reports progress; {@code fraction} is clamped to [0, 1]. Published as an event. */
    void progress(double fraction, String message);

    /** Appends a line to the job's log (kept with the job, bounded). */
    void log(String line);

    /** Whether an abort was requested; the job's thread is also interrupted. */
    boolean isAborted();
}
