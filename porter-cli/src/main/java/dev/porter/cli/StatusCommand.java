package dev.porter.cli;

import dev.porter.JobStatus;
import dev.porter.spi.JobStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Prints a job's status.",
                "One of queued, deferred, in_progress, complete, failed, aborted, or not_found (exit 1) for an "
                        + "unknown or expired id."})
final class StatusCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Parameters(index = "0", paramLabel = "ID", description = "The job id.")
    String id;

    @Override
    public Integer call() {
        try (JobStore jobs = store.open()) {
            JobStatus status = jobs.get(id).map(info -> info.status()).orElse(JobStatus.NOT_FOUND);
            System.out.println(status.wireName());
            return status == JobStatus.NOT_FOUND ? Errors.FAILED : 0;
        }
    }
}
