package dev.porter.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Sleeps on the queues' wake-up markers with BZPOPMIN until a script adds one (new, released,
 * re-queued or retried work) or the timeout passes. A blocked connection can serve nobody else, so
 * each sleeper borrows its own from a small pool; a connection whose sleeper was interrupted still
 * has a BZPOPMIN pending on the server and is closed instead of returned.
 */
final class WakeUps implements AutoCloseable {
    private final RedisClient client;
    private final ConcurrentLinkedQueue<StatefulRedisConnection<String, String>> idle = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    WakeUps(RedisClient client) {
        this.client = client;
    }

    void sleep(List<String> queues, Duration timeout) throws InterruptedException {
        String[] markers = queues.stream().map(Keys::marker).toArray(String[]::new);
        StatefulRedisConnection<String, String> c = borrow();
        Future<?> pop = c.async().bzpopmin(timeout.toMillis() / 1000.0, markers);
        try {
            pop.get();
        } catch (InterruptedException e) {
            c.closeAsync();
            throw e;
        } catch (ExecutionException e) {
            // a broken connection (server restart): drop it; the next sleep opens a fresh one
            c.closeAsync();
            throw new RedisStoreException("BZPOPMIN on the wake-up markers failed: " + e.getCause().getMessage(), e.getCause());
        }
        giveBack(c);
    }

    private StatefulRedisConnection<String, String> borrow() throws InterruptedException {
        StatefulRedisConnection<String, String> c = idle.poll();
        if (c != null) {
            return c;
        }
        try {
            return client.connect();
        } catch (RuntimeException e) {
            if (Thread.interrupted()) { // stopping (Lettuce reports the interrupted connect as a failure)
                throw new InterruptedException();
            }
            throw new RedisStoreException("cannot open a wake-up connection: " + e.getMessage(), e);
        }
    }

    private void giveBack(StatefulRedisConnection<String, String> c) {
        idle.add(c);
        if (closed) {
            close();
        }
    }

    @Override
    public void close() {
        closed = true;
        StatefulRedisConnection<String, String> c;
        while ((c = idle.poll()) != null) {
            c.close();
        }
    }
}
