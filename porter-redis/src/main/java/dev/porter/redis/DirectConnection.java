package dev.porter.redis;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One spinning {@link DirectSocket} for a caller that awaits a single script call, such as a client
 * enqueueing one job at a time: on the 2-core VM that is 35-40% more awaited round trips per second
 * than through Lettuce, and with the spin 2-3 times as many (docs/benchmarks.md).
 *
 * <p>It serves one caller at a time. A caller that finds it busy takes the pipelined Lettuce
 * connection instead, which serves many callers at once best. The socket is opened on first use and
 * again after a failure, so a restarted Redis costs the call that found it gone, like Lettuce's.
 */
final class DirectConnection implements AutoCloseable {
    /** Its name in Redis's CLIENT LIST. */
    static final String NAME = "porter-direct";
    private final DirectSocket.Opener opener;
    private final String target;
    private final ReentrantLock lock = new ReentrantLock();
    private DirectSocket socket; // guarded by lock: null until first use, after a failure and once closed
    private boolean closed; // guarded by lock

    DirectConnection(RedisURI uri, String target, Duration timeout) {
        this.opener = new DirectSocket.Opener(uri, timeout);
        this.target = target;
    }

    /**
     * Runs the script here when no other caller is using this connection, else returns what
     * {@code elsewhere} answers. The reply has the types Lettuce gives a script's reply with the
     * string codec: String, Long, List or null.
     */
    @SuppressWarnings("unchecked")
    <T> T callOr(Script script, String[] keys, String[] args, String what, Supplier<T> elsewhere) {
        if (!lock.tryLock()) {
            return elsewhere.get();
        }
        try {
            if (closed) {
                return elsewhere.get();
            }
            if (socket == null) {
                socket = opener.open(NAME, true);
            }
            return (T) script.call(socket, keys, args);
        } catch (JedisException e) {
            if (socket != null && socket.isBroken()) {
                drop();
            }
            throw new RedisStoreException(what + " on " + target + " failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void drop() {
        socket.close();
        socket = null;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (socket != null) {
                drop();
            }
        } finally {
            lock.unlock();
        }
    }
}
