package dev.porter.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.UnblockType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Sleeps on the queues' wake-up markers with BZPOPMIN until a script adds one (new, released,
 * re-queued or retried work) or the timeout passes. A blocked connection can serve nobody else, so
 * each sleeper borrows its own from a small pool; a connection whose sleep failed is closed instead
 * of returned.
 *
 * <p>The sleeper blocks on a {@link DirectSocket}, not on Lettuce: the kernel wakes the worker's
 * thread itself instead of an event loop that then wakes it, one hand-off fewer between an enqueue
 * and the job's start, and no Netty code to warm up on the way (in a fresh JVM that halved the
 * pick-up p99; docs/benchmarks.md).
 *
 * <p>Such a thread does not see an interrupt while it reads the socket, so the sleep registers as
 * an interruptible channel's blocking operation ({@link AbstractInterruptibleChannel#begin}): the
 * interrupt then ends it from the interrupting thread with CLIENT UNBLOCK, sent over the store's
 * command connection, and whatever was queued behind the BZPOPMIN still runs and is read.
 */
final class WakeUps implements AutoCloseable {
    /** Its name in Redis's CLIENT LIST. */
    static final String NAME = "porter-wakeup";
    /** How long an interrupt keeps trying CLIENT UNBLOCK before it closes the sleeper's socket. */
    private static final long UNBLOCK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Between tries of CLIENT UNBLOCK that found the sleeper not blocked yet. */
    private static final long UNBLOCK_RETRY_MS = 5;

    /** A wake-up connection and its server-side id, for CLIENT UNBLOCK. */
    private record Sleeper(DirectSocket socket, long clientId) {}

    private final DirectSocket.Opener opener;
    private final RedisAsyncCommands<String, String> commands;
    private final Duration readTimeout;
    private final ConcurrentLinkedQueue<Sleeper> idle = new ConcurrentLinkedQueue<>();
    private final Set<Sleeper> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param commands    the store's command connection, which unblocks a sleeper
     * @param readTimeout how long past its own timeout a sleep waits for the server's reply
     */
    WakeUps(RedisURI uri, RedisAsyncCommands<String, String> commands, Duration readTimeout) {
        this.opener = new DirectSocket.Opener(uri, readTimeout);
        this.commands = commands;
        this.readTimeout = readTimeout;
    }

    /** Sleeps until a marker of {@code queues} is added or {@code timeout} passes. */
    void sleep(List<String> queues, Duration timeout) throws InterruptedException {
        sleepThenRun(queues, timeout, null, null, null);
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting for work");
        }
    }

    /**
     * Sleeps as {@link #sleep} does, with {@code script} sent right behind the BZPOPMIN on the same
     * connection, so Redis runs it the moment the sleep ends; returns its reply. An interrupt ends
     * the sleep early and the reply is still returned, with the interrupt status set: what the
     * script did (a claim) must reach the caller. The caller must be a platform thread: a virtual
     * thread's interrupt closes the socket it reads, and the reply with it.
     */
    List<Object> sleepThenRun(List<String> queues, Duration timeout, Script script, String[] keys, String[] args)
            throws InterruptedException {
        Sleeper idler = idle.poll();
        if (idler != null) {
            try {
                return sleepOn(idler, true, queues, timeout, script, keys, args);
            } catch (StaleConnection e) {
                // the server restarted, or dropped the connection, while it lay idle: take a new one
            }
        }
        try {
            return sleepOn(open(), false, queues, timeout, script, keys, args);
        } catch (StaleConnection e) {
            throw new IllegalStateException("a new connection is never stale", e);
        }
    }

    /**
     * A pooled connection that failed before its BZPOPMIN answered: the server most likely dropped
     * it while it lay idle (a restart), before anything sent on it ran.
     */
    private static final class StaleConnection extends Exception {
        StaleConnection(Throwable cause) {
            super(cause);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Object> sleepOn(Sleeper s, boolean pooled, List<String> queues, Duration timeout, Script script,
                                 String[] keys, String[] args) throws InterruptedException, StaleConnection {
        Unblocker unblocker = new Unblocker(s);
        Object reply = null;
        boolean replied = false;
        JedisException failure = null;
        unblocker.enter();
        try {
            s.socket().sendCommand(Protocol.Command.BZPOPMIN, bzpopmin(queues, timeout));
            if (script != null) {
                script.send(s.socket(), keys, args);
            }
            s.socket().setSoTimeout(Math.toIntExact(timeout.plus(readTimeout).toMillis()));
            s.socket().getOne();
            replied = true;
            if (script != null) {
                reply = script.reply(s.socket(), keys, args);
            }
        } catch (JedisException e) {
            failure = e;
        } finally {
            unblocker.exit();
        }
        if (failure == null) {
            giveBack(s);
            return (List<Object>) reply;
        }
        discard(s);
        if (Thread.currentThread().isInterrupted()) { // the unblock failed, and closed the socket
            throw new InterruptedException("interrupted while waiting for work");
        }
        if (pooled && !replied && failure instanceof JedisConnectionException) {
            throw new StaleConnection(failure);
        }
        throw new RedisStoreException("BZPOPMIN on the wake-up markers failed: " + failure.getMessage(), failure);
    }

    private static String[] bzpopmin(List<String> queues, Duration timeout) {
        String[] words = new String[queues.size() + 1];
        for (int i = 0; i < queues.size(); i++) {
            words[i] = Keys.marker(queues.get(i));
        }
        words[queues.size()] = Double.toString(timeout.toMillis() / 1000.0);
        return words;
    }

    /**
     * Ends a sleep when its thread is interrupted: CLIENT UNBLOCK over the command connection, tried
     * again while the sleeper was not blocked yet (its BZPOPMIN still on the way), for up to
     * {@link #UNBLOCK_NANOS}; past that, or if the command connection fails, it closes the socket.
     */
    private final class Unblocker extends AbstractInterruptibleChannel {
        private final Sleeper sleeper;
        private volatile boolean awake;

        Unblocker(Sleeper sleeper) {
            this.sleeper = sleeper;
        }

        void enter() {
            begin();
        }

        /** Leaves the blocking operation; the thread's interrupt status stays as it was. */
        void exit() {
            awake = true;
            try {
                end(true);
            } catch (AsynchronousCloseException interrupted) {
                // the interrupt ended the sleep; the caller sees it in the thread's status
            }
        }

        @Override
        protected void implCloseChannel() {
            unblock(System.nanoTime() + UNBLOCK_NANOS);
        }

        private void unblock(long deadline) {
            if (awake) {
                return;
            }
            commands.clientUnblock(sleeper.clientId(), UnblockType.TIMEOUT).whenComplete((unblocked, failure) -> {
                if (awake || (failure == null && unblocked == 1)) {
                    return;
                }
                if (failure == null && System.nanoTime() < deadline) {
                    CompletableFuture.delayedExecutor(UNBLOCK_RETRY_MS, TimeUnit.MILLISECONDS).execute(() -> unblock(deadline));
                } else {
                    sleeper.socket().abort();
                }
            });
        }
    }

    private Sleeper open() {
        DirectSocket socket = null;
        try {
            socket = opener.open(NAME, false);
            socket.sendCommand(Protocol.Command.CLIENT, "ID");
            Sleeper opened = new Sleeper(socket, (Long) socket.getOne());
            open.add(opened);
            if (closed) {
                discard(opened);
                throw new RedisStoreException("the store is closed", null);
            }
            return opened;
        } catch (JedisException e) {
            if (socket != null) {
                socket.abort();
            }
            throw new RedisStoreException("cannot open a wake-up connection: " + e.getMessage(), e);
        }
    }

    private void giveBack(Sleeper s) {
        idle.add(s);
        if (closed) {
            close();
        }
    }

    private void discard(Sleeper s) {
        open.remove(s);
        s.socket().abort();
    }

    /** Closes every wake-up connection; a sleep in progress fails at once. */
    @Override
    public void close() {
        closed = true;
        idle.clear();
        for (Sleeper s : open) {
            open.remove(s);
            s.socket().abort();
        }
    }
}
