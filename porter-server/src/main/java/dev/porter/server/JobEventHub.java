package dev.porter.server;

import dev.porter.spi.JobEvent;
import dev.porter.spi.JobStore;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One store subscription for the whole server, fanned out to whoever listens for a job or for all
 * jobs (SSE streams, the stats). Listeners run on the store's event thread, so they only hand the event over (to a
 * queue) and return.
 */
final class JobEventHub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobEventHub.class);

    private final Map<String, Set<Consumer<JobEvent>>> byJob = new ConcurrentHashMap<>();
    private final Set<Consumer<JobEvent>> everything = ConcurrentHashMap.newKeySet();
    private final AutoCloseable subscription;

    JobEventHub(JobStore store) {
        this.subscription = store.subscribe(this::dispatch);
    }

    /** Delivers the events of job {@code id} to {@code listener} until the handle is closed. */
    AutoCloseable listen(String id, Consumer<JobEvent> listener) {
        byJob.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(listener);
        return () -> byJob.computeIfPresent(id, (k, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    /** Delivers every job's events to {@code listener} until the handle is closed. */
    AutoCloseable listenAll(Consumer<JobEvent> listener) {
        everything.add(listener);
        return () -> everything.remove(listener);
    }

    private void dispatch(JobEvent event) {
        everything.forEach(l -> l.accept(event));
        Set<Consumer<JobEvent>> listeners = byJob.get(event.jobId());
        if (listeners != null) {
            listeners.forEach(l -> l.accept(event));
        }
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            log.debug("closing the event subscription failed: {}", e.toString());
        }
    }
}
