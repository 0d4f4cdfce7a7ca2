package dev.porter.bench;

import dev.porter.Enqueued;
import dev.porter.JobInfo;
import dev.porter.JobStatus;
import dev.porter.spi.ClaimedJob;
import dev.porter.spi.JobEvent;
import dev.porter.spi.JobPage;
import dev.porter.spi.JobQuery;
import dev.porter.spi.JobStore;
import dev.porter.spi.Lease;
import dev.porter.spi.NewJob;
import dev.porter.spi.Outcome;
import dev.porter.spi.QueueCounts;
import dev.porter.spi.RenewResult;
import dev.porter.spi.WorkerRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A store that times every call of the store it wraps: where a scenario's time goes, split between
 * the store and everything else (the engine, JSON, the bench itself). Two clock reads per call.
 */
final class TimedStore implements JobStore {
    private final JobStore store;
    private final Map<String, Totals> totals = new ConcurrentHashMap<>();

    TimedStore(JobStore store) {
        this.store = store;
    }

    /** Calls, items (jobs or leases) and time of one store method. */
    private static final class Totals {
        final LongAdder calls = new LongAdder();
        final LongAdder items = new LongAdder();
        final LongAdder nanos = new LongAdder();
    }

    /** Clears the totals: the timed phase starts. */
    void reset() {
        totals.clear();
    }

    /** One line per store method called since {@link #reset}, the one that took longest first. */
    List<String> report() {
        return totals.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, Totals> e) -> e.getValue().nanos.sum()).reversed())
                .map(e -> line(e.getKey(), e.getValue()))
                .toList();
    }

    private static String line(String method, Totals t) {
        long calls = t.calls.sum();
        long items = t.items.sum();
        double ms = t.nanos.sum() / 1e6;
        String perItem = items == calls ? "" : String.format(Locale.ROOT, ", %.1f jobs/call, %.1f us/job",
                (double) items / calls, items == 0 ? 0 : ms * 1000 / items);
        return String.format(Locale.ROOT, "store.%s: %d calls, %.1f ms in all, %.3f ms/call%s", method, calls, ms,
                ms / calls, perItem);
    }

    private <T> T timed(String method, int items, Supplier<T> call) {
        long t0 = System.nanoTime();
        try {
            return call.get();
        } finally {
            record(method, items, t0);
        }
    }

    private void record(String method, int items, long t0) {
        Totals t = totals.computeIfAbsent(method, m -> new Totals());
        t.nanos.add(System.nanoTime() - t0);
        t.calls.increment();
        t.items.add(items);
    }

    @Override
    public Clock clock() {
        return store.clock();
    }

    @Override
    public List<Enqueued> enqueue(List<NewJob> jobs) {
        return timed("enqueue", jobs.size(), () -> store.enqueue(jobs));
    }

    @Override
    public List<ClaimedJob> claim(String workerId, List<String> queues, int max, Duration lease) {
        long t0 = System.nanoTime();
        List<ClaimedJob> claimed = store.claim(workerId, queues, max, lease);
        record("claim", claimed.size(), t0);
        return claimed;
    }

    @Override
    public RenewResult renew(String workerId, Collection<Lease> leases, Duration lease) {
        return timed("renew", leases.size(), () -> store.renew(workerId, leases, lease));
    }

    @Override
    public boolean[] finish(List<? extends Outcome> outcomes) {
        return timed("finish", outcomes.size(), () -> store.finish(outcomes));
    }

    @Override
    public boolean progress(Lease lease, double fraction, String message) {
        return timed("progress", 1, () -> store.progress(lease, fraction, message));
    }

    @Override
    public boolean log(Lease lease, String line) {
        return timed("log", 1, () -> store.log(lease, line));
    }

    @Override
    public JobStatus abort(String id) {
        return timed("abort", 1, () -> store.abort(id));
    }

    @Override
    public boolean retry(String id) {
        return timed("retry", 1, () -> store.retry(id));
    }

    @Override
    public boolean delete(String id) {
        return timed("delete", 1, () -> store.delete(id));
    }

    @Override
    public int reapExpiredLeases() {
        return timed("reap", 1, store::reapExpiredLeases);
    }

    @Override
    public int purgeExpired() {
        return timed("purge", 1, store::purgeExpired);
    }

    @Override
    public Optional<JobInfo> get(String id) {
        return timed("get", 1, () -> store.get(id));
    }

    @Override
    public JobPage list(JobQuery query) {
        return timed("list", 1, () -> store.list(query));
    }

    @Override
    public List<QueueCounts> queues() {
        return timed("queues", 1, store::queues);
    }

    /** Not timed: waiting is what an idle worker should do. */
    @Override
    public void awaitWork(List<String> queues, Duration maxWait) throws InterruptedException {
        store.awaitWork(queues, maxWait);
    }

    /** Untimed, like awaitWork: most of it is waiting. */
    @Override
    public List<ClaimedJob> awaitAndClaim(String workerId, List<String> queues, int max, Duration lease,
                                          Duration maxWait) throws InterruptedException {
        return store.awaitAndClaim(workerId, queues, max, lease, maxWait);
    }

    @Override
    public AutoCloseable subscribe(java.util.Set<JobEvent.Kind> kinds, Consumer<JobEvent> listener) {
        return store.subscribe(kinds, listener);
    }

    @Override
    public int retryAll(String queue, JobStatus status) {
        return timed("retryAll", 1, () -> store.retryAll(queue, status));
    }

    @Override
    public int purge(String queue, JobStatus status) {
        return timed("purgeStatus", 1, () -> store.purge(queue, status));
    }

    @Override
    public void setPaused(String queue, boolean paused) {
        timed("setPaused", 1, () -> {
            store.setPaused(queue, paused);
            return null;
        });
    }

    @Override
    public Duration reservePermit(dev.porter.RateLimit limit, String key) {
        return timed("reservePermit", 1, () -> store.reservePermit(limit, key));
    }

    @Override
    public void heartbeat(WorkerRecord worker, Duration ttl) {
        timed("heartbeat", 1, () -> {
            store.heartbeat(worker, ttl);
            return null;
        });
    }

    @Override
    public void removeWorker(String workerId) {
        store.removeWorker(workerId);
    }

    @Override
    public List<WorkerRecord> workers() {
        return timed("workers", 1, store::workers);
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void close() {
        store.close();
    }
}
