package dev.porter.redis;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for Redis replies, turning every failure into one clear {@link RedisStoreException}. */
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

    /** Like {@link #await}, for callers that stop when interrupted. */
    <T> T awaitInterruptibly(CompletionStage<T> reply, String what) throws InterruptedException {
        try {
            return reply.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new RedisStoreException(what + " on " + target + " failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new RedisStoreException(what + " on " + target + " got no reply within " + timeout, e);
        }
    }
}
