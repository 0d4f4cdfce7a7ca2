package dev.porter.bench;

import dev.porter.JobOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** One job per enqueue call, each awaited; {@code --concurrency} callers at once (default 1). */
final class EnqueueScenario {
    private EnqueueScenario() {}

    static BenchResult run(BenchContext bench) throws InterruptedException {
        int jobs = bench.config().jobCount();
        int callers = bench.config().concurrencyOr(1);
        Latencies latencies = new Latencies();
        AtomicLong done = new AtomicLong();
        JobOptions options = bench.options();
        Stopwatch watch = bench.startTiming();
        try (Ticker ticker = new Ticker(bench, "enqueued", done::get, jobs)) {
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int share = jobs / callers + (c < jobs % callers ? 1 : 0);
                threads.add(Thread.ofPlatform().name("bench-enqueue-" + c).start(() -> {
                    for (int i = 0; i < share; i++) {
                        long t0 = System.nanoTime();
                        bench.client().enqueue("noop", null, options);
                        latencies.record(System.nanoTime() - t0);
                        done.incrementAndGet();
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
        }
        return new BenchResult(bench, callers, watch.stop(), latencies);
    }
}
