package dev.porter.cli;

import dev.porter.spi.JobStore;
import dev.porter.worker.QueueSelection;
import dev.porter.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Runs jobs until stopped.",
                "SIGTERM or Ctrl-C stop it gracefully: running jobs get the grace period to finish, the rest are "
                        + "handed back. With --burst it stops once the queues are empty.",
                "Without --app it serves the built-in functions noop, echo (returns its args), sleep (args: "
                        + "seconds) and fail (args: a message; always throws)."})
final class WorkerCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

    @Mixin
    StoreOption store;

    @Option(names = "--app", paramLabel = "CLASS",
            description = "A dev.porter.worker.PorterApp on the classpath (public no-argument constructor) that registers the functions.")
    String app;

    @Option(names = "--queue", paramLabel = "Q", split = ",",
            description = {"Queues to read; repeatable or comma-separated (default: default). Each claim takes the "
                    + "highest-priority due jobs across all of them; with weights, such as critical=6,default=3,low=1, "
                    + "each claim visits them in a random order drawn by weight."})
    List<String> queues;

    @Option(names = "--strict", description = "Read the queues in the order given: the next only while the ones before have no due jobs.")
    boolean strict;

    @Option(names = "--max-jobs", paramLabel = "N", description = "Jobs run at once (default: the app's, else 10).")
    Integer maxJobs;

    @Option(names = "--burst", description = "Stop once the queues hold nothing pending or running.")
    boolean burst;

    @Option(names = "--lease", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a claim holds unrenewed; a dead worker's jobs run again after about this long (default 15s).")
    Duration lease;

    @Option(names = "--grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "On stop, how long running jobs may take to finish before they are handed back (default 10s).")
    Duration grace;

    @Override
    public Integer call() throws Exception {
        try (JobStore jobs = store.open()) {
            Worker worker = build(jobs);
            Thread onSignal = new Thread(() -> {
                log.info("stopping: running jobs get {} to finish", DurationConverter.format(worker.settings().gracePeriod()));
                worker.close();
            }, "porter-shutdown");
            Runtime.getRuntime().addShutdownHook(onSignal);
            worker.run();
            removeHook(onSignal);
        }
        return 0;
    }

    private Worker build(JobStore jobs) {
        Worker.Builder builder = Worker.builder(jobs);
        if (app == null) {
            builder.functions(BuiltinFunctions.all());
        } else {
            AppLoader.load(app).configure(builder);
        }
        // Flags are applied last so that they win over what the app set.
        if (queues != null) {
            builder.queues(QueueSelection.parse(String.join(",", queues), strict));
        } else if (strict) {
            throw new CliException("--strict needs the queues to order, given with --queue");
        }
        if (maxJobs != null) {
            builder.maxJobs(maxJobs);
        }
        if (lease != null) {
            builder.lease(lease);
        }
        if (grace != null) {
            builder.gracePeriod(grace);
        }
        if (burst) {
            builder.burst(true);
        }
        return builder.build();
    }

    /** Burst mode ended on its own: the hook has nothing left to stop. */
    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it stopped the worker, and the JVM exits when it returns
        }
    }
}
