package dev.porter.redis;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One blocking connection (Jedis) for a caller that awaits a single script call, such as a client
 * enqueueing one job at a time. Through Lettuce such a call crosses threads twice: the caller hands
 * the command to the connection's event loop, which hands the reply back. Here the caller writes
 * and reads the socket itself, as node's clients and redis-benchmark do; on the 2-core VM that is
 * 35-40% more awaited round trips per second (docs/redis.md).
 *
 * <p>It serves one caller at a time. A caller that finds it busy takes the pipelined Lettuce
 * connection instead, which serves many callers at once best. The socket is opened on first use and
 * again after a failure, so a restarted Redis costs the call that found it gone, like Lettuce's.
 */
final class DirectConnection implements AutoCloseable {
    /** Its name in Redis's CLIENT LIST. */
    static final String NAME = "porter-direct";
    private final HostAndPort address;
    private final JedisClientConfig config;
    private final String target;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection socket; // guarded by lock: null until first use, after a failure and once closed
    private boolean closed; // guarded by lock

    DirectConnection(RedisURI uri, String target, Duration timeout) {
        this.address = new HostAndPort(uri.getHost(), uri.getPort());
        this.config = config(uri, timeout);
        this.target = target;
    }

    /** The same server, database, credentials and TLS checks as Lettuce's connection to {@code uri}. */
    private static JedisClientConfig config(RedisURI uri, Duration timeout) {
        int millis = Math.toIntExact(timeout.toMillis());
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .database(uri.getDatabase())
                .clientName(NAME)
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis);
        RedisCredentials credentials = uri.getCredentialsProvider().resolveCredentials().block(timeout);
        if (credentials != null && credentials.hasPassword()) {
            builder.user(credentials.getUsername()).password(new String(credentials.getPassword()));
        }
        if (uri.isSsl()) {
            builder.ssl(true).sslOptions(SslOptions.builder().sslVerifyMode(switch (uri.getVerifyMode()) {
                case FULL -> SslVerifyMode.FULL;
                case CA -> SslVerifyMode.CA;
                case NONE -> SslVerifyMode.INSECURE;
            }).build());
        }
        return builder.build();
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
                socket = new Connection(address, config);
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
