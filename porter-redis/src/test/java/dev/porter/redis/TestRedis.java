package dev.porter.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.embedded.core.ExecutableProvider;

/**
 * A private redis-server for tests, on a free port, never the one on 6379: with no persistence, or
 * (see {@link #startWithAof}) with an append-only file fsynced on every write, so that it can be
 * killed and started again with its data. Uses redis-server from the PATH, or else the binary bundled
 * with the embedded-redis dependency. Public, and in this module's test-jar, for porter-cli's
 * multi-process tests.
 */
public final class TestRedis implements AutoCloseable {
    private static TestRedis shared;

    private final int port;
    private final Path dir;
    private final boolean aof;
    private Process process;
    private RedisClient client;
    private StatefulRedisConnection<String, String> admin;

    private TestRedis(int port, boolean aof) throws IOException {
        this.port = port;
        this.aof = aof;
        this.dir = Files.createTempDirectory("porter-redis-test");
        start();
    }

    /** One server for the whole test run, stopped when the JVM exits. */
    public static synchronized TestRedis shared() {
        if (shared == null) {
            shared = startNew();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A server of the caller's own, e.g. to restart it. */
    public static TestRedis startNew() {
        return startNew(false);
    }

    /**
     * A server of the caller's own with {@code appendonly yes} and {@code appendfsync always} in its
     * temp dir: a write it acknowledged survives {@link #kill} and {@link #start}.
     */
    public static TestRedis startWithAof() {
        return startNew(true);
    }

    private static TestRedis startNew(boolean aof) {
        try {
            return new TestRedis(freePort(), aof);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return url(0);
    }

    /** The URL of database {@code db} of this server. */
    public String url(int db) {
        return "redis://127.0.0.1:" + port + "/" + db;
    }

    public int port() {
        return port;
    }

    /** The server's working directory (its AOF files, and {@code redis.log}). */
    public Path dir() {
        return dir;
    }

    /** Commands on this server, for setting up and inspecting tests. */
    public synchronized RedisCommands<String, String> admin() {
        if (admin == null || !admin.isOpen()) {
            client = client == null ? RedisClient.create(url()) : client;
            admin = client.connect();
        }
        return admin.sync();
    }

    public void flush() {
        admin().flushall();
    }

    /** Stops the server (as a crash would, minus the data loss: there is no data on disk) and starts it again on the same port. */
    public synchronized void restart() throws IOException, InterruptedException {
        stop();
        start();
    }

    public synchronized void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** Kills the server with SIGKILL, as a crash would: no final write, no shutdown save. */
    public synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Starts the server (again) on the same port and in the same dir; with AOF on, it loads what it had. */
    public synchronized void start() throws IOException {
        File log = dir.resolve("redis.log").toFile();
        List<String> command = new ArrayList<>(List.of(executable(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--dir", dir.toString(), "--daemonize", "no"));
        command.addAll(aof ? List.of("--appendonly", "yes", "--appendfsync", "always") : List.of("--appendonly", "no"));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        // With AOF the port accepts while the file is still loading (replies are LOADING errors), so
        // wait for PING instead of for the socket.
        while (!answersPing()) {
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

    private boolean answersPing() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[5];
            int n = socket.getInputStream().readNBytes(reply, 0, 5);
            return n == 5 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
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
                deleteRecursively(dir);
            }
        } catch (IOException e) {
            // only a temp dir is left behind
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                for (Path file : files.toList()) {
                    deleteRecursively(file);
                }
            }
        }
        Files.delete(path);
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
