package dev.porter.bench;

import dev.porter.JobOptions;
import dev.porter.JobRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Jobs enqueued {@code --batch} per call; the latencies are those of whole batches. */
final class EnqueueBatchScenario {
    private EnqueueBatchScenario() {}

    static BenchResult run(BenchContext bench) throws InterruptedException {
        int jobs = bench.config().jobCount();
        int batchSize = bench.config().batch();
        Latencies latencies = new Latencies();
        AtomicLong done = new AtomicLong();
        JobOptions options = bench.options();
        Stopwatch watch = bench.startTiming();
        try (Ticker ticker = new Ticker(bench, "enqueued", done::get, jobs)) {
            for (int sent = 0; sent < jobs; ) {
                int n = Math.min(batchSize, jobs - sent);
                List<JobRequest> batch = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    batch.add(new JobRequest("noop", null, options));
                }
                long t0 = System.nanoTime();
                bench.client().enqueueAll(batch);
                latencies.record(System.nanoTime() - t0);
                sent += n;
                done.set(sent);
            }
        }
        return new BenchResult(bench, 1, watch.stop(), latencies);
    }
}
