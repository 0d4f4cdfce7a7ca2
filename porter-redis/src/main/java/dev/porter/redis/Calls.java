package dev.porter.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Waits for Redis replies, turning every failure into one clear {@link RedisStoreException}.
 *
 * <p>A caller may spin briefly before it parks: most replies take a few tens of microseconds, and
 * waking a parked thread can cost more than that (on the 2-core VM this was built on, one thread
 * enqueueing job after job managed 6,200/s parked and 9,400/s spinning, with less CPU per job). It
 * spins with {@link Thread#yield()}, so a thread the reply waits for (the connection's event loop)
 * still gets the core at once. Spinning pays only while replies do come within the spin, though;
 * while they do not (a busy machine, big batches, a JVM still compiling its hot code) a spinner only
 * takes CPU from the threads that would answer it. So only platform threads spin, at most half the
 * processors' worth at once, for at most {@link #SPIN_NANOS}, and only while most recent spins were
 * answered in time; otherwise one call in {@link #PROBE_EVERY} still spins, to notice when spinning
 * pays again.
 */
final class Calls {
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final int MAX_SPINNERS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    private static final int PROBE_EVERY = 8;

    private final String target;
    private final Duration timeout;
    private final AtomicInteger spinners = new AtomicInteger();
    /** Recent spins answered in time, as a moving average in per mille (plain: a lost update is harmless). */
    private volatile int spinHits = 1000;
    private int calls;

    Calls(String target, Duration timeout) {
        this.target = target;
        this.timeout = timeout;
    }

    <T> T await(CompletionStage<T> reply, String what) {
        try {
            return awaitInterruptibly(reply, what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisStoreException(what + " on " + target + " was interrupted", e);
        }
    }

    /**
     * Like {@link #await}, spinning first while that pays. For a caller that waits on one small call
     * at a time and has nothing else to do (a client enqueueing one job); not for the worker's own
     * calls, whose spinning would take the CPU its jobs need.
     */
    <T> T awaitSoon(CompletionStage<T> reply, String what) {
        spinUntilDone(reply.toCompletableFuture());
        return await(reply, what);
    }

    /**
     * Like {@link #await}, but an interrupt does not end the wait (it is kept for the caller): for a
     * call whose reply must not be dropped, such as a claim, whose jobs would otherwise wait out
     * their leases.
     */
    <T> T awaitUninterruptibly(CompletionStage<T> reply, String what) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return awaitInterruptibly(reply, what);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Like {@link #await}, for callers that stop when interrupted. */
    <T> T awaitInterruptibly(CompletionStage<T> reply, String what) throws InterruptedException {
        CompletableFuture<T> future = reply.toCompletableFuture();
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new RedisStoreException(what + " on " + target + " failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new RedisStoreException(what + " on " + target + " got no reply within " + timeout, e);
        }
    }

    private void spinUntilDone(CompletableFuture<?> future) {
        if (future.isDone() || Thread.currentThread().isVirtual()) {
            return;
        }
        if (spinHits < 500 && ++calls % PROBE_EVERY != 0) {
            return;
        }
        if (spinners.incrementAndGet() <= MAX_SPINNERS) {
            long end = System.nanoTime() + SPIN_NANOS;
            while (!future.isDone() && System.nanoTime() - end < 0) {
                Thread.yield();
            }
            spinHits = (spinHits * 3 + (future.isDone() ? 1000 : 0)) / 4;
        }
        spinners.decrementAndGet();
    }
}
