package dev.porter.redis;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Script calls that their caller awaits before it goes on, each caller on a spinning
 * {@link DirectSocket} of its own: a client's enqueues (a batch's calls pipelined), a worker's claims
 * and its writer's finished tries. On the 2-core VM a lone enqueue runs 35-40% more round trips per
 * second this way than through Lettuce, and with the spin 2-3 times as many; an idle worker's claims
 * and finishes off Lettuce took a third less CPU, and a fresh JVM's batches of 1,000 40% less
 * (docs/benchmarks.md).
 *
 * <p>It keeps a few sockets, each serving one caller at a time. A caller that finds them all busy
 * takes the pipelined Lettuce connection instead, which serves many callers at once best. A socket
 * is opened on first use and again after a failure, so a restarted Redis costs the call that found
 * it gone, like Lettuce's.
 */
final class DirectCalls implements AutoCloseable {
    /** Their name in Redis's CLIENT LIST. */
    static final String NAME = "porter-direct";
    /** Enough for a client's enqueuer and a worker's dispatcher and writer at once, and one more. */
    static final int SOCKETS = 4;

    private final DirectSocket.Opener opener;
    private final String target;
    private final Slot[] slots;

    /** One socket and the lock its caller holds. */
    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        DirectSocket socket; // guarded by lock: null until first use, after a failure and once closed
        boolean closed; // guarded by lock
    }

    DirectCalls(RedisURI uri, String target, Duration timeout, int sockets) {
        this.opener = new DirectSocket.Opener(uri, timeout);
        this.target = target;
        this.slots = new Slot[sockets];
        for (int i = 0; i < sockets; i++) {
            slots[i] = new Slot();
        }
    }

    /**
     * Runs the script on a socket no other caller is using, else returns what {@code elsewhere}
     * answers. The reply has the types Lettuce gives a script's reply with the string codec:
     * String, Long, List or null.
     */
    @SuppressWarnings("unchecked")
    <T> T callOr(Script script, String[] keys, String[] args, String what, Supplier<T> elsewhere) {
        return onFreeSocket(socket -> (T) script.call(socket, keys, args), what, elsewhere);
    }

    /** Like {@link #callOr}, for several calls of one script, pipelined on one socket; their replies in order. */
    List<Object> callAllOr(Script script, List<String[]> keys, List<String[]> args, String what,
                           Supplier<List<Object>> elsewhere) {
        return onFreeSocket(socket -> script.callAll(socket, keys, args), what, elsewhere);
    }

    private <T> T onFreeSocket(Function<DirectSocket, T> call, String what, Supplier<T> elsewhere) {
        for (Slot slot : slots) {
            if (!slot.lock.tryLock()) {
                continue;
            }
            try {
                if (slot.closed) {
                    break;
                }
                if (slot.socket == null) {
                    slot.socket = opener.open(NAME, true);
                }
                return call.apply(slot.socket);
            } catch (JedisException e) {
                if (slot.socket != null && slot.socket.isBroken()) {
                    drop(slot);
                }
                throw new RedisStoreException(what + " on " + target + " failed: " + e.getMessage(), e);
            } finally {
                slot.lock.unlock();
            }
        }
        return elsewhere.get();
    }

    private static void drop(Slot slot) {
        slot.socket.abort();
        slot.socket = null;
    }

    @Override
    public void close() {
        for (Slot slot : slots) {
            slot.lock.lock();
            try {
                slot.closed = true;
                if (slot.socket != null) {
                    drop(slot);
                }
            } finally {
                slot.lock.unlock();
            }
        }
    }
}
