package dev.porter.cli;

import dev.porter.JobStatus;
import dev.porter.PorterClient;
import dev.porter.spi.JobStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "retry", mixinStandardHelpOptions = true,
        description = {"Runs a failed or aborted job again.", "It is queued at once, with its tries counted from zero."})
final class RetryCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Parameters(index = "0", paramLabel = "ID", description = "The job id.")
    String id;

    @Override
    public Integer call() {
        try (JobStore jobs = store.open(); PorterClient client = StoreOption.client(jobs)) {
            if (!client.retry(id)) {
                JobStatus status = client.status(id);
                throw new CliException(status == JobStatus.NOT_FOUND ? "job " + id + " not found"
                        : "job " + id + " is " + status.wireName() + "; only failed or aborted jobs can be retried");
            }
            System.out.println(client.status(id).wireName());
            return 0;
        }
    }
}
