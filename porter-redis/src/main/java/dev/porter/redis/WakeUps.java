package dev.porter.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.UnblockType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Sleeps on the queues' wake-up markers with BZPOPMIN until a script adds one (new, released,
 * re-queued or retried work) or the timeout passes. A blocked connection can serve nobody else, so
 * each sleeper borrows its own from a small pool; a connection whose sleep failed or could not be
 * ended cleanly is closed instead of returned.
 */
final class WakeUps implements AutoCloseable {
    /** How long a sleep ended by CLIENT UNBLOCK may take to hand over the reply queued behind it. */
    private static final long UNBLOCKED_REPLY_MS = 1_000;

    /** A wake-up connection and its server-side id, for CLIENT UNBLOCK. */
    private record Sleeper(StatefulRedisConnection<String, String> connection, long clientId) {}

    private final RedisClient client;
    private final RedisAsyncCommands<String, String> commands;
    private final Calls calls;
    private final ConcurrentLinkedQueue<Sleeper> idle = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /** {@code commands}: the store's command connection, which can unblock a sleeper. */
    WakeUps(RedisClient client, RedisAsyncCommands<String, String> commands, Calls calls) {
        this.client = client;
        this.commands = commands;
        this.calls = calls;
    }

    void sleep(List<String> queues, Duration timeout) throws InterruptedException {
        Sleeper s = borrow();
        CompletableFuture<?> pop = pop(s, queues, timeout);
        try {
            pop.get();
        } catch (InterruptedException e) {
            s.connection().closeAsync();
            throw e;
        } catch (ExecutionException e) {
            throw brokenSleep(s, e);
        }
        giveBack(s);
    }

    /**
     * Sleeps as {@link #sleep} does, with {@code then} sent right behind the BZPOPMIN on the same
     * connection, so Redis runs it the moment the sleep ends; returns its reply. An interrupt
     * unblocks the sleep early (CLIENT UNBLOCK from the command connection) and still returns the
     * reply, with the interrupt status set: what {@code then} did (a claim) must reach the caller.
     */
    List<Object> sleepThenRun(List<String> queues, Duration timeout,
                              Function<RedisAsyncCommands<String, String>, CompletableFuture<List<Object>>> then)
            throws InterruptedException {
        Sleeper s = borrow();
        CompletableFuture<?> pop = pop(s, queues, timeout);
        CompletableFuture<List<Object>> reply = then.apply(s.connection().async());
        try {
            pop.get();
        } catch (InterruptedException e) {
            List<Object> unblocked = unblock(s, reply);
            Thread.currentThread().interrupt();
            return unblocked;
        } catch (ExecutionException e) {
            throw brokenSleep(s, e);
        }
        List<Object> r;
        try {
            r = calls.awaitUninterruptibly(reply, "the call after a wake-up");
        } catch (RedisStoreException e) {
            s.connection().closeAsync();
            throw e;
        }
        giveBack(s);
        return r;
    }

    /**
     * Ends an interrupted sleep so the call queued behind it runs, and takes that call's reply. If
     * that fails (the server is gone, or the connection was re-established with another id), the
     * connection is closed and the interrupt thrown: then the call most likely never ran.
     */
    private List<Object> unblock(Sleeper s, CompletableFuture<List<Object>> reply) throws InterruptedException {
        try {
            commands.clientUnblock(s.clientId(), UnblockType.TIMEOUT).toCompletableFuture()
                    .get(UNBLOCKED_REPLY_MS, TimeUnit.MILLISECONDS);
            List<Object> r = reply.get(UNBLOCKED_REPLY_MS, TimeUnit.MILLISECONDS);
            giveBack(s);
            return r;
        } catch (Exception e) {
            s.connection().closeAsync();
            throw new InterruptedException("interrupted while waiting for work");
        }
    }

    private static CompletableFuture<?> pop(Sleeper s, List<String> queues, Duration timeout) {
        String[] markers = queues.stream().map(Keys::marker).toArray(String[]::new);
        return s.connection().async().bzpopmin(timeout.toMillis() / 1000.0, markers).toCompletableFuture();
    }

    /** A broken connection (server restart): dropped; the next sleep opens a fresh one. */
    private static RedisStoreException brokenSleep(Sleeper s, ExecutionException e) {
        s.connection().closeAsync();
        return new RedisStoreException("BZPOPMIN on the wake-up markers failed: " + e.getCause().getMessage(), e.getCause());
    }

    private Sleeper borrow() throws InterruptedException {
        Sleeper s = idle.poll();
        if (s != null) {
            return s;
        }
        StatefulRedisConnection<String, String> c;
        try {
            c = client.connect();
        } catch (RuntimeException e) {
            if (Thread.interrupted()) { // stopping (Lettuce reports the interrupted connect as a failure)
                throw new InterruptedException();
            }
            throw new RedisStoreException("cannot open a wake-up connection: " + e.getMessage(), e);
        }
        try {
            return new Sleeper(c, c.sync().clientId());
        } catch (RuntimeException e) {
            c.closeAsync();
            throw new RedisStoreException("cannot identify a wake-up connection: " + e.getMessage(), e);
        }
    }

    private void giveBack(Sleeper s) {
        idle.add(s);
        if (closed) {
            close();
        }
    }

    @Override
    public void close() {
        closed = true;
        Sleeper s;
        while ((s = idle.poll()) != null) {
            s.connection().close();
        }
    }
}
