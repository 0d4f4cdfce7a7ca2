package dev.porter.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.JobFunction;
import dev.porter.spi.JobStore;
import dev.porter.spi.JobStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A server for the dashboard's browser tests: a temp SQLite store, one in-process worker running a
 * fast job with progress, a slow interruptible one and one that fails once, and two tokens. Run its
 * {@link #main} to try the dashboard by hand; {@link DashboardBrowserTest} starts it in-process.
 */
final class DashboardTestServer implements AutoCloseable {
    static final String ADMIN_TOKEN = "admin-test-token";
    static final String READ_TOKEN = "read-test-token";

    /** Args ({@code {"key": ...}}) whose first try already failed: the retry of a {@code flaky} job succeeds. */
    private static final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    static final JobFunction<JsonNode, JsonNode> QUICK = JobFunction.ofJson("quick", (ctx, a) -> {
        int steps = a.path("steps").asInt(4);
        for (int i = 1; i <= steps; i++) {
            Thread.sleep(400);
            ctx.log("step " + i + " done");
            ctx.progress((double) i / steps, "step " + i + " of " + steps);
        }
        return a;
    });
    static final JobFunction<JsonNode, String> SLEEPY = JobFunction.ofJson("sleepy", (ctx, a) -> {
        ctx.progress(0.1, "sleeping until cancelled");
        Thread.sleep(Duration.ofMinutes(5)); // interrupted by an abort
        return "woke";
    });
    static final JobFunction<JsonNode, String> FLAKY = JobFunction.ofJson("flaky", (ctx, a) -> {
        if (failedOnce.add(a.path("key").asText())) {
            ctx.log("about to fail");
            throw new IllegalStateException("flaky on purpose", new IOException("the first try always fails"));
        }
        return "fixed on retry";
    });

    final Path dir;
    final JobStore store;
    final PorterServer server;

    private DashboardTestServer(int port) throws IOException {
        dir = Files.createTempDirectory("porter-dashboard-test");
        store = JobStores.open("sqlite:" + dir.resolve("jobs.db"));
        server = PorterServer.builder(store).port(port).functions(List.of(QUICK, SLEEPY, FLAKY)).workers(1)
                .adminTokens(Set.of(ADMIN_TOKEN)).readTokens(Set.of(READ_TOKEN))
                .worker(w -> w.maxJobs(20).healthInterval(Duration.ofMillis(500))).build().start();
    }

    static DashboardTestServer start(int port) throws IOException {
        return new DashboardTestServer(port);
    }

    String url() {
        return server.url();
    }

    @Override
    public void close() throws IOException {
        server.close();
        store.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Serves until killed, on the port given as the first argument (default: a free one). */
    public static void main(String[] args) throws Exception {
        DashboardTestServer s = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                s.close();
            } catch (IOException e) {
                // the temp directory stays behind; nothing else to do at exit
            }
        }));
        System.out.println("PORTER_URL=" + s.url() + " admin token " + ADMIN_TOKEN + ", read token " + READ_TOKEN);
        Thread.currentThread().join();
    }
}
