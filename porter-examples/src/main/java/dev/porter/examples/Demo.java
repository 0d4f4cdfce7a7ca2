package dev.porter.examples;

import dev.porter.server.PorterServer;
import dev.porter.spi.JobStore;
import dev.porter.spi.JobStores;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * The demo: the sample site, a Porter server on an embedded SQLite store, and an in-process worker
 * serving the examples. {@code porter demo} runs it until Ctrl-C.
 */
public final class Demo implements AutoCloseable {
    public static final String DEFAULT_STORE = "sqlite:./porter-demo.db";
    public static final int DEFAULT_PORT = 8080;

    private final SampleSite site;
    private final JobStore store;
    private final PorterServer server;

    private Demo(SampleSite site, JobStore store, PorterServer server) {
        this.site = site;
        this.store = store;
        this.server = server;
    }

    /** Starts everything on loopback; {@code port} 0 picks a free one. */
    public static Demo start(int port, String storeUrl) throws IOException {
        SampleSite site = SampleSite.start();
        JobStore store = null;
        try {
            store = JobStores.open(storeUrl);
            PorterServer server = PorterServer.builder(store).port(port).functions(Examples.functions()).workers(1)
                    .worker(w -> w.maxJobs(20)).build().start();
            return new Demo(site, store, server);
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            site.close();
            throw e;
        }
    }

    /** Runs the demo until the process is stopped (Ctrl-C), printing how to use it. */
    public static void run(int port, String storeUrl, PrintStream out) throws IOException, InterruptedException {
        Demo demo = start(port, storeUrl);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            stopped.countDown();
        }, "porter-demo-stop"));
        out.println(demo.banner(storeUrl));
        out.flush();
        stopped.await();
    }

    public String url() {
        return server.url();
    }

    public SampleSite site() {
        return site;
    }

    String banner(String storeUrl) {
        String u = url();
        return String.join("\n",
                "Porter demo is running at " + u + "  (store " + storeUrl + ", sample site " + site.url() + ")",
                "Dashboard: " + u + "/",
                "Try:",
                "  curl -s -XPOST " + u + "/jobs -d '{\"function\":\"crawl\",\"args\":{\"url\":\"" + site.url() + "\"}}'",
                "  curl -s -XPOST " + u + "/jobs -d '{\"function\":\"report\",\"args\":{\"steps\":10}}'",
                "  curl -s " + u + "/jobs/<id>",
                "  curl -s '" + u + "/jobs/<id>/result?wait=30s'",
                "  curl -sN " + u + "/jobs/<id>/events",
                "  curl -s -XPOST " + u + "/jobs -d '{\"function\":\"flaky\",\"args\":{\"n\":2}}'",
                "  curl -s -XDELETE " + u + "/jobs/<id>",
                "  curl -s '" + u + "/jobs?state=complete&limit=10'",
                "  curl -s " + u + "/queues ; curl -s " + u + "/metrics ; curl -s " + u + "/openapi.json",
                "Stop with Ctrl-C.");
    }

    public static void main(String[] args) throws Exception {
        int port = DEFAULT_PORT;
        String store = DEFAULT_STORE;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--store" -> store = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --port N --store URL");
            }
        }
        run(port, store, System.out);
    }

    @Override
    public void close() {
        server.close();
        store.close();
        site.close();
    }
}
