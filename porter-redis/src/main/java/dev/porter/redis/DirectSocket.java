package dev.porter.redis;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

/**
 * A blocking connection (Jedis's raw {@link Connection}) whose one caller writes and reads the
 * socket itself. Through Lettuce an awaited call crosses threads twice: the caller hands the
 * command to the event loop, which hands the reply back; here the kernel wakes the caller directly,
 * as it does node's clients and redis-benchmark (docs/redis.md, Connections).
 *
 * <p>A spinning socket waits for a reply spinning, for up to {@link #SPIN_NANOS}, before it blocks,
 * as long as the last reply came within that window: on this VM an idle vCPU halts, and waking the
 * caller from a blocked read costs more than the round trip itself (docs/benchmarks.md). A slower
 * server (a remote one) is never spun for; nor is TLS, whose decrypted bytes the socket cannot count
 * without reading. A socket that waits for work (a blocking pop) should not spin: the work does not
 * come sooner for it.
 */
final class DirectSocket extends Connection {
    /** The longest a spinning socket's caller spins for a reply before blocking. */
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final SocketKeeper sockets;
    private final boolean maySpin;
    private boolean spin;

    private DirectSocket(SocketKeeper sockets, JedisClientConfig config, boolean spin) {
        super(sockets, config);
        this.sockets = sockets;
        this.maySpin = spin && !config.isSsl();
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

    /** Closes the socket from another thread, failing a read blocked on it. */
    void abort() {
        try {
            forceDisconnect();
        } catch (IOException | RuntimeException e) {
            // closed already, or closing failed: either way nobody reads from it again
        }
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

    /** Opens sockets to the server, database, credentials and TLS checks of Lettuce's {@code uri}. */
    static final class Opener {
        private final RedisURI uri;
        private final HostAndPort address;
        private final Duration timeout;

        Opener(RedisURI uri, Duration timeout) {
            this.uri = uri;
            this.address = new HostAndPort(uri.getHost(), uri.getPort());
            this.timeout = timeout;
        }

        /** @param name its name in Redis's CLIENT LIST */
        DirectSocket open(String name, boolean spin) {
            JedisClientConfig config = config(name);
            return new DirectSocket(new SocketKeeper(address, config), config, spin);
        }

        private JedisClientConfig config(String name) {
            int millis = Math.toIntExact(timeout.toMillis());
            DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                    .database(uri.getDatabase())
                    .clientName(name)
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
}
