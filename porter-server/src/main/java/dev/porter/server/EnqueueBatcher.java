package dev.porter.server;

import dev.porter.Enqueued;
import dev.porter.InvalidJobException;
import dev.porter.JobRequest;
import dev.porter.PorterClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for {@code POST /jobs}: concurrent requests are gathered and stored with one
 * {@link PorterClient#enqueueAll} call, so a durable store pays one commit for many jobs. Nothing
 * waits to fill a batch: whatever arrived while the previous call ran goes into the next one, so a
 * lone request is stored at once.
 */
final class EnqueueBatcher implements AutoCloseable {
    private static final int MAX_BATCH = 500;

    private record Pending(JobRequest request, CompletableFuture<Enqueued> done) {}

    private final PorterClient client;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread drainer;
    private volatile boolean closed;

    EnqueueBatcher(PorterClient client) {
        this.client = client;
        this.drainer = Thread.ofPlatform().daemon().name("porter-server-enqueue").start(this::drain);
    }

    /** Stores the job (with others that arrived meanwhile) and returns its ticket. */
    Enqueued enqueue(JobRequest request) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("the server is stopping");
        }
        Pending p = new Pending(request, new CompletableFuture<>());
        queue.add(p);
        try {
            return p.done().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                store(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new IllegalStateException("the server is stopping"));
        }
    }

    private void store(List<Pending> batch) {
        try {
            List<Enqueued> out = client.enqueueAll(batch.stream().map(Pending::request).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(out.get(i));
            }
        } catch (InvalidJobException e) {
            // One bad job refuses the whole call before anything is stored; store the rest one by one
            // so only the bad one's request fails.
            for (Pending p : batch) {
                try {
                    p.done().complete(client.enqueueAll(List.of(p.request())).get(0));
                } catch (RuntimeException one) {
                    p.done().completeExceptionally(one);
                }
            }
        } catch (RuntimeException e) {
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            drainer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
