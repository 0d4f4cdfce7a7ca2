package dev.porter.worker;

import dev.porter.JobContext;

/** Code a worker runs at its edges. An exception thrown by a hook is logged and otherwise ignored. */
public interface WorkerHooks {
    WorkerHooks NONE = new WorkerHooks() {};

    default void onStartup(Worker worker) {}

    default void onShutdown(Worker worker) {}

    /** Runs on the job's thread, before the function. */
    default void onJobStart(JobContext job) {}

    /** Runs on the job's thread, after the try ended. */
    default void onJobEnd(JobContext job, JobEnd end) {}
}
