package dev.porter.bench;

import dev.porter.JobContext;
import dev.porter.JobOptions;
import dev.porter.worker.JobEnd;
import dev.porter.worker.Worker;
import dev.porter.worker.WorkerHooks;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An idle worker, and jobs enqueued one by one about 2 ms apart: how long from the enqueue call to
 * the function starting. That is the wake-up path (no backlog hides it). Each job's id is chosen
 * before its enqueue, so a start that races ahead of the enqueue's return is still timed. As in the
 * peers' harness, each enqueue is awaited and then followed by a 2 ms pause, so a slow enqueue
 * delays the next one instead of sending a burst.
 */
final class LatencyScenario {
    private static final long GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private LatencyScenario() {}

    static BenchResult run(BenchContext bench) throws InterruptedException {
        int jobs = bench.config().jobCount();
        int maxJobs = bench.config().concurrencyOr(10);
        Map<String, Long> enqueuedAt = new ConcurrentHashMap<>();
        Latencies latencies = new Latencies();
        AtomicLong ended = new AtomicLong();
        WorkerHooks timing = new WorkerHooks() {
            @Override
            public void onJobStart(JobContext job) {
                Long t0 = enqueuedAt.remove(job.jobId());
                if (t0 != null) {
                    latencies.record(System.nanoTime() - t0);
                }
            }

            @Override
            public void onJobEnd(JobContext job, JobEnd end) {
                ended.incrementAndGet();
            }
        };
        Worker worker = Worker.builder(bench.store()).function(BenchFunctions.NOOP).queues(bench.queue())
                .maxJobs(maxJobs).hooks(timing).build();
        try {
            worker.start();
            Thread.sleep(1000); // let the worker go idle, as the peers' harness does (--warmup for a warm JIT)
            JobOptions options = bench.options();
            Stopwatch watch = bench.startTiming();
            long start = System.nanoTime();
            try (Ticker ticker = new Ticker(bench, "started", latencies::count, jobs)) {
                for (int i = 0; i < jobs; i++) {
                    String id = "latency-" + start + "-" + i;
                    enqueuedAt.put(id, System.nanoTime());
                    bench.client().enqueue("noop", null, options.toBuilder().id(id).build());
                    sleepNanos(GAP_NANOS);
                }
                bench.awaitComplete(jobs, ended::get);
            }
            return new BenchResult(bench, maxJobs, watch.stop(), latencies);
        } finally {
            worker.close();
        }
    }

    /** The whole gap even if the park returns early (it may, spuriously). */
    private static void sleepNanos(long nanos) {
        long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
