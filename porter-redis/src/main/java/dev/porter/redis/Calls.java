package dev.porter.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for Redis replies, turning every failure into one clear {@link RedisStoreException}.
 *
 * <p>Callers park until the reply comes. A caller enqueueing job after job used to spin briefly
 * first; on the 2-core VM this runs on, the spinner took the core that Redis, the connection's event
 * loop and the JIT compiler needed: a new JVM enqueued 6,900 to 8,700 jobs/s parked and 4,200 to
 * 5,600 spinning, with twice the CPU (docs/benchmarks.md).
 */
final class Calls {
    private final String target;
    private final Duration timeout;

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
}
