package dev.porter.bench;

import dev.porter.JobContext;
import dev.porter.JobFunction;
import dev.porter.worker.JobEnd;
import dev.porter.worker.Worker;
import dev.porter.worker.WorkerHooks;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backlog of jobs (results kept, the default) drained by one in-process worker: the {@code process}
 * scenario with no-op jobs, the {@code sleep} scenario with jobs that sleep 1 s all at once. The clock
 * stops when the store reports every job complete, not when the last function returned: a result
 * that is not stored yet is not done. Latencies are each try's duration as the worker timed it.
 */
final class DrainScenario {
    private DrainScenario() {}

    static BenchResult process(BenchContext bench) throws InterruptedException {
        return run(bench, BenchFunctions.NOOP, null, bench.config().concurrencyOr(1000));
    }

    static BenchResult sleep(BenchContext bench) throws InterruptedException {
        return run(bench, BenchFunctions.SLEEP, 1.0, bench.config().concurrencyOr(bench.config().jobCount()));
    }

    private static BenchResult run(BenchContext bench, JobFunction<?, ?> function, Object args, int maxJobs)
            throws InterruptedException {
        int jobs = bench.config().jobCount();
        bench.fill(function.name(), args, jobs);
        Latencies latencies = new Latencies();
        AtomicLong ended = new AtomicLong();
        WorkerHooks counting = new WorkerHooks() {
            @Override
            public void onJobEnd(JobContext job, JobEnd end) {
                latencies.record(end.duration().toNanos());
                ended.incrementAndGet();
            }
        };
        Worker worker = Worker.builder(bench.store()).function(function).queues(bench.queue())
                .maxJobs(maxJobs).hooks(counting).build();
        Stopwatch watch = bench.startTiming();
        Stopwatch.Elapsed timed;
        try (Ticker ticker = new Ticker(bench, "ended", ended::get, jobs)) {
            worker.start();
            bench.awaitComplete(jobs, ended::get);
            timed = watch.stop();
        } finally {
            worker.close();
        }
        return new BenchResult(bench, maxJobs, timed, latencies);
    }
}
