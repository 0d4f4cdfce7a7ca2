package dev.porter.cli;

import dev.porter.spi.JobStore;
import dev.porter.spi.WorkerRecord;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Checks that a worker is alive.",
                "Exit 0 when some worker's health record on the store is fresh, 1 otherwise: fit for a "
                        + "container's HEALTHCHECK or a cron probe."})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Override
    public Integer call() {
        try (JobStore jobs = store.open()) {
            List<WorkerRecord> workers = jobs.workers();
            if (workers.isEmpty()) {
                throw new CliException("no live worker on " + jobs.describe());
            }
            for (WorkerRecord w : workers) {
                System.out.printf("%s host=%s pid=%d running=%d/%d complete=%d failed=%d heartbeat=%s%n", w.id(), w.host(),
                        w.pid(), w.running(), w.maxJobs(), w.completed(), w.failed(), w.heartbeatAt());
            }
            return 0;
        }
    }
}
