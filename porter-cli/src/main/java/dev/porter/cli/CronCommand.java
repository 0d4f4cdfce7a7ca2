package dev.porter.cli;

import dev.porter.cron.CronJob;
import dev.porter.spi.JobStores;
import dev.porter.worker.Worker;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cron", mixinStandardHelpOptions = true,
        description = {"Lists the cron jobs an --app declares and when each fires next.",
                "Each tick runs once across all workers; ticks missed while no worker ran are not replayed."})
final class CronCommand implements Callable<Integer> {
    @Option(names = "--app", paramLabel = "CLASS", required = true, description = "The dev.porter.worker.PorterApp that declares them.")
    String app;

    @Option(names = "--next", paramLabel = "N", defaultValue = "1", description = "How many fire times to show (default 1).")
    int next;

    @Override
    public Integer call() {
        // The app configures a worker builder; a private in-memory store lets it do so without touching a real one.
        try (var scratch = JobStores.open("sqlite::memory:")) {
            Worker.Builder builder = Worker.builder(scratch);
            AppLoader.load(app).configure(builder);
            String row = "%-24s  %-28s  %-20s  %s%n";
            System.out.printf(row, "NAME", "SCHEDULE", "FUNCTION", "NEXT");
            Instant now = Clock.systemUTC().instant();
            for (CronJob job : builder.cronJobs().values()) {
                StringBuilder times = new StringBuilder();
                Instant t = now;
                for (int i = 0; i < next; i++) {
                    t = job.schedule().next(t).orElse(null);
                    if (t == null) {
                        break;
                    }
                    times.append(times.isEmpty() ? "" : ", ").append(t);
                }
                System.out.printf(row, job.name(), job.schedule(), job.function(), times.isEmpty() ? "never" : times);
            }
            return 0;
        }
    }
}
