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

    /** Runs {@code first}'s hooks, then {@code second}'s; one failing does not stop the other. */
    static WorkerHooks both(WorkerHooks first, WorkerHooks second) {
        return new WorkerHooks() {
            @Override
            public void onStartup(Worker worker) {
                guarded(() -> first.onStartup(worker), () -> second.onStartup(worker));
            }

            @Override
            public void onShutdown(Worker worker) {
                guarded(() -> first.onShutdown(worker), () -> second.onShutdown(worker));
            }

            @Override
            public void onJobStart(JobContext job) {
                guarded(() -> first.onJobStart(job), () -> second.onJobStart(job));
            }

            @Override
            public void onJobEnd(JobContext job, JobEnd end) {
                guarded(() -> first.onJobEnd(job, end), () -> second.onJobEnd(job, end));
            }

            private static void guarded(Runnable a, Runnable b) {
                try {
                    a.run();
                } finally {
                    b.run();
                }
            }
        };
    }
}
