package dev.porter.cli;

import dev.porter.examples.Examples;
import dev.porter.server.PorterServer;
import dev.porter.spi.JobStore;
import dev.porter.spi.JobStores;
import dev.porter.worker.PorterApp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code porter serve}: the HTTP API on a store, with N in-process workers (0 for an API-only node).
 * Runs until SIGTERM or Ctrl-C, then stops the workers gracefully.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the HTTP API (see /openapi.json) until stopped.",
                "Without a token it serves without auth and binds loopback only.",
                "Tokens also come from $PORTER_ADMIN_TOKENS and $PORTER_READ_TOKENS (comma-separated).",
                "In-process workers serve the --app's functions, else the examples (scrape, crawl, report, sleep, flaky)."})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--store", paramLabel = "URL", defaultValue = "${env:PORTER_STORE:-sqlite:./porter.db}",
            description = "Store URL: sqlite:PATH or redis://host:port/db (default: $PORTER_STORE, else sqlite:./porter.db).")
    String store;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "Port to listen on; 0 picks a free one (default 8080).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to bind (default 127.0.0.1); anything else needs a token.")
    String bind;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "In-process workers (default 1); 0 for an API-only node.")
    int workers;

    @Option(names = "--app", paramLabel = "CLASS",
            description = "A dev.porter.worker.PorterApp (public no-argument constructor) whose functions the workers serve.")
    String app;

    @Option(names = "--token-admin", paramLabel = "T", description = "An admin token (may enqueue, abort, retry); repeatable.")
    List<String> adminTokens = new ArrayList<>();

    @Option(names = "--token-read", paramLabel = "T", description = "A read-only token; repeatable.")
    List<String> readTokens = new ArrayList<>();

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Largest request body accepted, which also bounds a job's args (default 1 MiB).")
    int maxBody;

    @Override
    public Integer call() throws Exception {
        try (JobStore jobs = JobStores.open(store)) {
            PorterServer.Builder b = PorterServer.builder(jobs).port(port).bind(bind).workers(workers).maxBodyBytes(maxBody)
                    .adminTokens(tokens(adminTokens, "PORTER_ADMIN_TOKENS"))
                    .readTokens(tokens(readTokens, "PORTER_READ_TOKENS"));
            if (app == null) {
                if (workers > 0) {
                    // An API-only node knows functions only from the live workers it fronts.
                    b.functions(Examples.functions());
                }
            } else {
                PorterApp porterApp = AppLoader.load(app);
                b.worker(porterApp::configure);
            }
            PorterServer server;
            try {
                server = b.build().start();
            } catch (IllegalStateException e) {
                System.err.println("porter serve: " + e.getMessage());
                return 2;
            }
            System.out.println("porter serve: listening on " + server.url() + " (store " + jobs.describe()
                    + "); dashboard at " + server.url() + "/");
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "porter-serve-stop"));
            stopped.await();
        }
        return 0;
    }

    private static List<String> tokens(List<String> flags, String env) {
        List<String> all = new ArrayList<>(flags);
        String fromEnv = System.getenv(env);
        if (fromEnv != null) {
            Arrays.stream(fromEnv.split(",")).map(String::trim).filter(t -> !t.isEmpty()).forEach(all::add);
        }
        return all;
    }
}
