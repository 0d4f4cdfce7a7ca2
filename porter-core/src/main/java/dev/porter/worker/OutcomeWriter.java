package dev.porter.worker;

import dev.porter.spi.JobStore;
import dev.porter.spi.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes finished tries to the store in batches: one thread drains whatever has piled up and writes
 * it in one {@link JobStore#finish} call. Idle, a lone outcome goes out at once; under load many go
 * out per call, which is what keeps a store round trip per job below one. A store that is down is
 * retried until it comes back: leases keep being renewed meanwhile, so nothing is re-run.
 */
final class OutcomeWriter {
    private static final Logger log = LoggerFactory.getLogger(OutcomeWriter.class);
    private static final int MAX_BATCH = 1000;

    record Pending(Outcome outcome, RunningJob job) {}

    private final JobStore store;
    private final BiConsumer<Pending, Boolean> written;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;

    /** {@code written} is called for each outcome once stored, with whether its lease still held. */
    OutcomeWriter(JobStore store, String name, BiConsumer<Pending, Boolean> written) {
        this.store = store;
        this.written = written;
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::loop);
    }

    void submit(Outcome outcome, RunningJob job) {
        queue.add(new Pending(outcome, job));
    }

    /** Writes what is left and stops; gives up on a store that stays down past {@code wait}. */
    void close(Duration wait) throws InterruptedException {
        closing = true;
        thread.join(wait.toMillis());
        thread.interrupt();
        thread.join(1000);
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>();
        long retryDelay = 100;
        while (true) {
            try {
                if (batch.isEmpty()) {
                    Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (closing) {
                            return;
                        }
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                }
                boolean[] applied = store.finish(batch.stream().map(Pending::outcome).toList());
                for (int i = 0; i < batch.size(); i++) {
                    written.accept(batch.get(i), applied[i]);
                }
                batch.clear();
                retryDelay = 100;
            } catch (InterruptedException e) {
                if (!batch.isEmpty()) {
                    log.warn("{} finished tries not written (store unreachable at shutdown); their leases will expire and they run again", batch.size());
                }
                return;
            } catch (RuntimeException e) {
                log.warn("writing {} finished tries failed, retrying in {} ms: {}", batch.size(), retryDelay, e.toString());
                try {
                    Thread.sleep(retryDelay);
                } catch (InterruptedException ie) {
                    return;
                }
                retryDelay = Math.min(retryDelay * 2, 5000);
            }
        }
    }
}
