package dev.porter.worker;

import dev.porter.JobContext;
import dev.porter.PorterClient;
import dev.porter.spi.ClaimedJob;
import dev.porter.spi.JobStore;
import dev.porter.spi.Lease;
import java.time.Instant;

/**
 * One claimed job while this worker holds it: the context its function sees, and the reasons it may
 * be stopped from outside (timeout, abort, lost lease, shutdown). The first reason to arrive wins.
 */
final class RunningJob implements JobContext {
    enum Stop { NONE, TIMEOUT, ABORT, LEASE_LOST, SHUTDOWN }

    private final ClaimedJob job;
    private final int maxTries;
    private final JobStore store;
    private final PorterClient client;
    private Thread thread;
    private volatile boolean handlerRunning;
    /** System.nanoTime() past which the running function is stopped with a timeout. */
    private volatile long deadline;
    private volatile Stop stop = Stop.NONE;
    private volatile boolean abortRequested;

    RunningJob(ClaimedJob job, int maxTries, JobStore store, PorterClient client) {
        this.job = job;
        this.maxTries = maxTries;
        this.store = store;
        this.client = client;
    }

    ClaimedJob job() {
        return job;
    }

    Lease lease() {
        return job.lease();
    }

    Stop stopReason() {
        return stop;
    }

    /**
     * Marks the function as running on {@code t} until {@code deadline} (System.nanoTime()). False if
     * a stop came first (its lease was lost or it was aborted while it waited for a thread): then the
     * function must not run at all, since an interrupt can no longer reach it.
     */
    synchronized boolean handlerStarted(Thread t, long deadline) {
        if (stop != Stop.NONE) {
            return false;
        }
        thread = t;
        this.deadline = deadline;
        handlerRunning = true;
        return true;
    }

    /**
     * Stops the function with a timeout if it still runs past its deadline. Called for every running
     * job many times a second, so the common answer (not overdue) takes no lock.
     */
    void stopIfOverdue(long now) {
        if (!handlerRunning || now - deadline < 0) {
            return;
        }
        synchronized (this) {
            if (handlerRunning && now - deadline >= 0) {
                stop(Stop.TIMEOUT);
            }
        }
    }

    synchronized void handlerEnded() {
        handlerRunning = false;
        Thread.interrupted(); // a stop that raced with the end must not leak into the next code on this thread
    }

    /** Stops the function (by interrupting it) unless it already returned or another stop came first. */
    synchronized void stop(Stop reason) {
        if (reason == Stop.ABORT) {
            abortRequested = true;
        }
        if (stop == Stop.NONE) {
            stop = reason;
            if (handlerRunning && thread != null) {
                thread.interrupt();
            }
        }
    }

    @Override
    public String jobId() {
        return job.id();
    }

    @Override
    public String function() {
        return job.function();
    }

    @Override
    public String queue() {
        return job.queue();
    }

    @Override
    public int tryNumber() {
        return job.tryNumber();
    }

    @Override
    public int maxTries() {
        return maxTries;
    }

    @Override
    public Instant enqueuedAt() {
        return job.enqueuedAt();
    }

    @Override
    public PorterClient client() {
        return client;
    }

    @Override
    public void progress(double fraction, String message) {
        double clamped = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        store.progress(job.lease(), clamped, message);
    }

    @Override
    public void log(String line) {
        store.log(job.lease(), line == null ? "" : line);
    }

    @Override
    public boolean isAborted() {
        return abortRequested;
    }
}
