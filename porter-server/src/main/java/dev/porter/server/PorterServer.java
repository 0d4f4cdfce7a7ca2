package dev.porter.server;

import dev.porter.JobFunction;
import dev.porter.PorterClient;
import dev.porter.spi.JobStore;
import dev.porter.worker.Worker;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Porter's HTTP API on a store, optionally with in-process workers. Build with {@link #builder}:
 *
 * <pre>{@code
 * try (PorterServer server = PorterServer.builder(store).port(8080)
 *         .functions(List.of(resize)).workers(1).adminTokens(Set.of(secret)).build().start()) {
 *     ...
 * }
 * }</pre>
 *
 * Without any token it serves without auth and therefore refuses to bind anything but loopback.
 * The store stays the caller's: {@link #close()} stops the server and its workers, not the store.
 */
public final class PorterServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PorterServer.class);

    /** Default limit of a request body, which also bounds a job's args. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    private final Builder config;
    private final List<Worker> workers = new ArrayList<>();
    private Javalin app;
    private PorterClient client;
    private JobEventHub hub;
    private EnqueueBatcher batcher;

    private PorterServer(Builder config) {
        this.config = config;
    }

    public static Builder builder(JobStore store) {
        return new Builder(store);
    }

    /** Starts the workers and the HTTP listener; returns once it accepts connections. */
    public synchronized PorterServer start() {
        if (app != null) {
            throw new IllegalStateException("already started");
        }
        BearerAuth auth = new BearerAuth(config.readTokens, config.adminTokens);
        checkBind(auth);
        JobStore store = config.store;
        client = PorterClient.builder(store).maxArgsBytes(config.maxBodyBytes).pollInterval(Duration.ofSeconds(1)).build();
        hub = new JobEventHub(store);
        batcher = new EnqueueBatcher(client);
        JobMetrics metrics = new JobMetrics(store);
        FunctionCatalog catalog = new FunctionCatalog(store, config.functions);

        app = Javalin.create(c -> {
            c.useVirtualThreads = true;
            c.showJavalinBanner = false;
            c.startupWatcherEnabled = false;
            c.http.prefer405over404 = true;
            c.http.maxRequestSize = config.maxBodyBytes;
            c.jsonMapper(new JavalinJackson(WireJson.MAPPER, true));
        });
        Problems.register(app);
        app.beforeMatched(auth::check);
        new JobRoutes(client, batcher, new JobRequestParser(store.clock()),
                new JobChecks(catalog, store.clock(), config.maxBodyBytes), metrics, config.maxBodyBytes).register(app);
        new ResultRoute(client).register(app);
        new EventRoute(store, hub).register(app);
        new AllEventsRoute(hub).register(app);
        JobStats stats = new JobStats();
        hub.listenAll(stats::accept); // for the server's life: closing the hub ends it
        new StatsRoute(store, stats).register(app);
        new SessionRoute(auth.enabled()).register(app);
        new DashboardRoutes().register(app);
        new QueueRoutes(store).register(app);
        new WorkerRoutes(store).register(app);
        new HealthRoutes(store).register(app);
        new MetricsRoute(metrics).register(app);

        for (int i = 0; i < config.workers; i++) {
            Worker.Builder b = Worker.builder(store).functions(config.functions);
            config.worker.accept(b);
            // Set last so the metrics see every job; a hook set by the customizer is replaced.
            b.hooks(metrics);
            workers.add(b.build().start());
        }
        app.start(config.bind, config.port);
        log.info("porter server listening on {} (store {}, {} in-process workers{}); dashboard at {}/", url(),
                store.describe(), workers.size(), auth.enabled() ? "" : ", no auth", url());
        return this;
    }

    /** The port it listens on (the chosen one when built with port 0). */
    public int port() {
        if (app == null) {
            throw new IllegalStateException("not started");
        }
        return app.port();
    }

    /** The base URL, such as {@code http://127.0.0.1:8080}. */
    public String url() {
        String host = config.bind.contains(":") ? "[" + config.bind + "]" : config.bind;
        return "http://" + (config.bind.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + port();
    }

    /** The in-process workers (none for an API-only node). */
    public List<Worker> workers() {
        return List.copyOf(workers);
    }

    @Override
    public synchronized void close() {
        if (app == null) {
            return;
        }
        app.stop();
        workers.forEach(Worker::close);
        batcher.close();
        hub.close();
        client.close();
    }

    private void checkBind(BearerAuth auth) {
        if (auth.enabled()) {
            return;
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(config.bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalStateException("refusing to bind " + config.bind + " without auth: configure an admin "
                    + "or read token, or bind 127.0.0.1");
        }
        log.warn("no API token configured: serving without auth, so only on the loopback address {}", config.bind);
    }

    public static final class Builder {
        private final JobStore store;
        private int port = 8080;
        private String bind = "127.0.0.1";
        private final Set<String> readTokens = new LinkedHashSet<>();
        private final Set<String> adminTokens = new LinkedHashSet<>();
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private final List<JobFunction<?, ?>> functions = new ArrayList<>();
        private int workers;
        private Consumer<Worker.Builder> worker = b -> {};

        private Builder(JobStore store) {
            if (store == null) {
                throw new IllegalArgumentException("a server needs a store");
            }
            this.store = store;
        }

        /** The port to listen on; 0 picks a free one ({@link PorterServer#port()} tells which). Default 8080. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** The address to bind. Default 127.0.0.1; anything else needs a token. */
        public Builder bind(String address) {
            this.bind = address;
            return this;
        }

        /** Tokens that may read (GET) but not change anything. */
        public Builder readTokens(Collection<String> tokens) {
            readTokens.addAll(tokens);
            return this;
        }

        /** Tokens that may do everything: enqueue, abort, retry, pause. */
        public Builder adminTokens(Collection<String> tokens) {
            adminTokens.addAll(tokens);
            return this;
        }

        /** Largest request body (and so largest args) accepted; larger ones get 413. Default 1 MiB. */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1024, was " + maxBodyBytes);
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /**
         * Functions the in-process workers serve. The server also knows their argument types, so it
         * refuses args that do not bind before storing the job.
         */
        public Builder functions(List<? extends JobFunction<?, ?>> list) {
            functions.addAll(list);
            return this;
        }

        /** How many in-process workers to start; 0 (the default) for an API-only node. */
        public Builder workers(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("workers must not be negative, was " + count);
            }
            this.workers = count;
            return this;
        }

        /**
         * Adjusts each in-process worker (queues, maxJobs, more functions...). Functions added here
         * run, but their argument types are not known to the server, and its metrics hooks replace
         * any hooks set here.
         */
        public Builder worker(Consumer<Worker.Builder> customizer) {
            this.worker = customizer;
            return this;
        }

        public PorterServer build() {
            return new PorterServer(this);
        }
    }
}
