package dev.porter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.Enqueued;
import dev.porter.JobOptions;
import dev.porter.PorterClient;
import dev.porter.json.Json;
import dev.porter.spi.JobStore;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "enqueue", mixinStandardHelpOptions = true,
        description = {"Enqueues a job and prints its id.",
                "With --wait, also waits for it and prints its result (a failed job: its error, and exit 1)."})
final class EnqueueCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Parameters(index = "0", paramLabel = "FUNCTION", description = "The job function's name.")
    String function;

    @Option(names = "--args", paramLabel = "JSON", defaultValue = "null",
            description = "The function's arguments as JSON (default: ${DEFAULT-VALUE}).")
    String args;

    @Option(names = "--id", paramLabel = "ID", description = "The job id (default: a new time-ordered id). An existing id enqueues nothing.")
    String id;

    @Option(names = "--queue", paramLabel = "Q", description = "The queue (default: default).")
    String queue;

    @Option(names = "--priority", paramLabel = "N", description = "Higher runs first, from -1000 to 1000 (default 0).")
    int priority;

    @Option(names = "--defer", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Do not start before now + this, e.g. 10s.")
    Duration defer;

    @Option(names = "--max-tries", paramLabel = "N", description = "Tries before it fails for good (default: the worker's).")
    Integer maxTries;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A try running longer is interrupted and fails (default: the worker's).")
    Duration timeout;

    @Option(names = "--keep", paramLabel = "DURATION|forever", converter = KeepConverter.class,
            description = "How long the finished job and its result stay readable (default: the worker's).")
    Duration keep;

    @Mixin
    WaitOption wait;

    @Override
    public Integer call() throws InterruptedException {
        // Bad args are refused before the store is touched.
        JsonNode argsJson = Json.parse(args, "--args");
        JobOptions options = options();
        try (JobStore jobs = store.open(); PorterClient client = StoreOption.client(jobs)) {
            Enqueued job = client.enqueue(function, argsJson, options);
            System.out.println(job.id());
            if (!job.created()) {
                System.err.println("porter: job " + job.id() + " already exists (" + job.status().wireName()
                        + "); nothing was enqueued");
            }
            if (wait.duration == null) {
                return 0;
            }
            System.out.flush();
            return Results.print(client, job.id(), wait.duration);
        }
    }

    private JobOptions options() {
        JobOptions.Builder o = JobOptions.builder().id(id).queue(queue).priority(priority).deferBy(defer)
                .timeout(timeout).keepResult(keep);
        if (maxTries != null) {
            o.maxTries(maxTries);
        }
        return o.build();
    }
}
