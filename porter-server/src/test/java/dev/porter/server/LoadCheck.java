package dev.porter.server;

import dev.porter.JobOptions;
import dev.porter.PorterClient;
import dev.porter.spi.JobStore;
import dev.porter.spi.JobStores;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;

/**
 * A server to measure with a load generator (a program, not a test): an API-only node on a fresh
 * SQLite file, with one job {@code load-1} to read. Run it, then point {@code wrk} at it:
 *
 * <pre>
 * java -cp ... dev.porter.server.LoadCheck [port] [store-url]
 * wrk -t2 -c64 -d15s -s porter-server/src/test/resources/load/post-job.lua http://127.0.0.1:18090/jobs
 * wrk -t2 -c64 -d15s http://127.0.0.1:18090/jobs/load-1
 * </pre>
 */
public final class LoadCheck {
    private LoadCheck() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 18090;
        String url = args.length > 1 ? args[1]
                : "sqlite:" + Files.createTempDirectory("porter-load").resolve("load.db");
        JobStore store = JobStores.open(url);
        PorterClient.create(store).enqueue("noop", null, JobOptions.builder().id("load-1").build());
        PorterServer server = PorterServer.builder(store).port(port).build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            store.close();
            stopped.countDown();
        }));
        System.out.println("LoadCheck ready on " + server.url() + " (store " + url + ")");
        stopped.await();
    }
}
