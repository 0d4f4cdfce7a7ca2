package dev.porter.internal;

import dev.porter.JobInfo;
import dev.porter.JobNotFoundException;
import dev.porter.spi.JobEvent;
import dev.porter.spi.JobStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Waits for jobs to finish: one store subscription shared by all waiters wakes the waiter of a job
 * as soon as an event about it arrives; a slow re-read covers stores whose events cannot reach this
 * process.
 */
public final class JobWatch implements AutoCloseable {
    private final JobStore store;
    private final Duration pollInterval;
    private final Map<String, Map<Semaphore, Boolean>> waiters = new ConcurrentHashMap<>();
    private AutoCloseable subscription;

    public JobWatch(JobStore store, Duration pollInterval) {
        this.store = store;
        this.pollInterval = pollInterval;
    }

    public JobInfo await(String id, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        Semaphore signal = new Semaphore(0);
        ensureSubscribed();
        waiters.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).put(signal, Boolean.TRUE);
        try {
            while (true) {
                JobInfo info = store.get(id).orElseThrow(() -> new JobNotFoundException(id));
                long left = deadline - System.nanoTime();
                if (info.status().isTerminal() || left <= 0) {
                    return info;
                }
                if (signal.tryAcquire(Math.min(left, pollInterval.toNanos()), TimeUnit.NANOSECONDS)) {
                    signal.drainPermits();
                }
            }
        } finally {
            waiters.computeIfPresent(id, (k, m) -> {
                m.remove(signal);
                return m.isEmpty() ? null : m;
            });
        }
    }

    private synchronized void ensureSubscribed() {
        if (subscription == null) {
            subscription = store.subscribe(java.util.EnumSet.of(JobEvent.Kind.STATE), this::onEvent);
        }
    }

    private void onEvent(JobEvent event) {
        Map<Semaphore, Boolean> m = waiters.get(event.jobId());
        if (m != null && event.kind() == JobEvent.Kind.STATE) {
            m.keySet().forEach(Semaphore::release);
        }
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // closing a subscription of a store that is itself closing: nothing left to release
            }
            subscription = null;
        }
    }
}
