package dev.porter.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.embedded.core.ExecutableProvider;

/**
 * A private redis-server for tests, on a free port with no persistence, never the one on 6379.
 * Uses redis-server from the PATH, or else the binary bundled with the embedded-redis dependency.
 */
final class TestRedis implements AutoCloseable {
    private static TestRedis shared;

    private final int port;
    private final Path dir;
    private Process process;
    private RedisClient client;
    private StatefulRedisConnection<String, String> admin;

    private TestRedis(int port) throws IOException {
        this.port = port;
        this.dir = Files.createTempDirectory("porter-redis-test");
        start();
    }

    /** One server for the whole test run, stopped when the JVM exits. */
    static synchronized TestRedis shared() {
        if (shared == null) {
            shared = startNew();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A server of the caller's own, e.g. to restart it. */
    static TestRedis startNew() {
        try {
            return new TestRedis(freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    /** Commands on this server, for setting up and inspecting tests. */
    synchronized RedisCommands<String, String> admin() {
        if (admin == null || !admin.isOpen()) {
            client = client == null ? RedisClient.create(url()) : client;
            admin = client.connect();
        }
        return admin.sync();
    }

    void flush() {
        admin().flushall();
    }

    /** Stops the server (as a crash would, minus the data loss: there is no data on disk) and starts it again on the same port. */
    synchronized void restart() throws IOException, InterruptedException {
        stop();
        start();
    }

    synchronized void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    synchronized void start() throws IOException {
        File log = dir.resolve("redis.log").toFile();
        process = new ProcessBuilder(List.of(executable(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!accepting()) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited; see " + log);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("redis-server did not start on port " + port + "; see " + log);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    private boolean accepting() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return socket.isConnected();
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
        process.destroy();
        try {
            if (process.waitFor(5, TimeUnit.SECONDS)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(dir);
            }
        } catch (IOException e) {
            // only a temp dir is left behind
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String executable() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, "redis-server");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return ExecutableProvider.newJarResourceProvider().get().getPath();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
