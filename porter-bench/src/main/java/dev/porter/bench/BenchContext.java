package dev.porter.bench;

import dev.porter.JobOptions;
import dev.porter.JobRequest;
import dev.porter.PorterClient;
import dev.porter.spi.QueueCounts;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What a scenario runs against: the store, a client, the config, where progress goes, and the queue
 * every job of this round goes to (so counts are the round's own).
 */
record BenchContext(TimedStore store, PorterClient client, BenchConfig config, PrintStream progress, String queue) {
    /** The queue of the timed round; warm-up rounds use {@code bench-warmup-<n>}. */
    static final String QUEUE = "bench";

    /** Options that put a job on this round's queue. */
    JobOptions options() {
        return JobOptions.builder().queue(queue).build();
    }

    /** The timed phase starts: the clocks, and the store's call totals from zero. */
    Stopwatch startTiming() {
        store.reset();
        return new Stopwatch();
    }

    void say(String line) {
        progress.println(config.scenario().wireName() + (queue.equals(QUEUE) ? "" : " (" + queue + ")") + ": " + line);
    }

    /** Enqueues {@code n} jobs of {@code function} in batches, untimed: the backlog a scenario starts from. */
    void fill(String function, Object args, int n) {
        List<JobRequest> batch = new ArrayList<>(1000);
        JobOptions options = options();
        for (int i = 0; i < n; i++) {
            batch.add(new JobRequest(function, args, options));
            if (batch.size() == 1000 || i == n - 1) {
                client.enqueueAll(batch);
                batch.clear();
            }
        }
        say("backlog of " + n + " " + function + " jobs enqueued");
    }

    /** This round's queue's counts as the store reports them. */
    QueueCounts counts() {
        return store.queues().stream().filter(q -> q.queue().equals(queue)).findFirst()
                .orElse(new QueueCounts(queue, 0, 0, 0, 0, 0, 0, false));
    }

    /**
     * Waits until the store reports {@code n} jobs of the bench queue complete: the only count that is
     * not a guess. The worker's own count of ended tries ({@code ended}) is watched first, because
     * counting in the store while the worker writes to it would slow the very thing measured.
     */
    void awaitComplete(long n, LongSupplier ended) throws InterruptedException {
        while (ended.getAsLong() < n) {
            Thread.sleep(1);
        }
        while (counts().complete() < n) {
            Thread.sleep(1);
        }
    }
}
