package dev.porter.redis;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
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
 * <p>The caller waits for a reply spinning, for up to {@link #SPIN_NANOS}, before it blocks on the
 * socket, as long as the last reply came within that window: on this VM an idle vCPU halts, and
 * waking the caller from a blocked read costs more than the round trip itself (a one-{@code HSET}
 * script, one connection, warm JVM: 4,500-6,400 calls/s blocking, 15,300-18,600 spinning up to 150
 * µs, at the same CPU per call; docs/benchmarks.md). A slower server (a remote one) is never spun
 * for; nor is TLS, whose decrypted bytes the socket cannot count without reading.
 *
 * <p>It serves one caller at a time. A caller that finds it busy takes the pipelined Lettuce
 * connection instead, which serves many callers at once best. The socket is opened on first use and
 * again after a failure, so a restarted Redis costs the call that found it gone, like Lettuce's.
 */
final class DirectConnection implements AutoCloseable {
    /** Its name in Redis's CLIENT LIST. */
    static final String NAME = "porter-direct";
    /** The longest a caller spins for a reply before blocking. */
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
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
                socket = new SpinningConnection(new SocketKeeper(address, config), config);
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

    /** Jedis's socket factory, keeping the socket it made so the connection can ask what has arrived. */
    private static final class SocketKeeper implements JedisSocketFactory {
        private final JedisSocketFactory factory;
        private Socket socket;

        SocketKeeper(HostAndPort address, JedisClientConfig config) {
            this.factory = new DefaultJedisSocketFactory(address, config);
        }

        @Override
        public Socket createSocket() {
            socket = factory.createSocket();
            return socket;
        }
    }

    /** A connection whose caller spins for a quick reply before blocking on the socket. */
    private static final class SpinningConnection extends Connection {
        private final SocketKeeper sockets;
        private final boolean maySpin;
        private boolean spin;

        SpinningConnection(SocketKeeper sockets, JedisClientConfig config) {
            super(sockets, config);
            this.sockets = sockets;
            this.maySpin = !config.isSsl();
            this.spin = maySpin; // false until here: super() reads the handshake's replies first
        }

        @Override
        public Object getOne() {
            flush();
            long start = System.nanoTime();
            if (spin) {
                awaitBytes(start + SPIN_NANOS);
            }
            Object reply = super.getOne();
            spin = maySpin && System.nanoTime() - start <= SPIN_NANOS; // the next spins if this one came in time
            return reply;
        }

        private void awaitBytes(long deadline) {
            try {
                InputStream in = sockets.socket.getInputStream();
                while (in.available() == 0 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            } catch (IOException e) {
                // the read that follows reports it
            }
        }
    }
}
