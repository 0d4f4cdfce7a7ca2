package dev.porter.cli;

import dev.porter.JobStatus;
import dev.porter.PorterClient;
import dev.porter.spi.JobStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Aborts a job.",
                "A pending job never runs; a running one is interrupted by its worker. Prints the status after "
                        + "the request (in_progress while a running job is being stopped)."})
final class CancelCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Parameters(index = "0", paramLabel = "ID", description = "The job id.")
    String id;

    @Override
    public Integer call() {
        try (JobStore jobs = store.open(); PorterClient client = StoreOption.client(jobs)) {
            JobStatus after = client.abort(id);
            if (after == JobStatus.NOT_FOUND) {
                throw new CliException("job " + id + " not found");
            }
            System.out.println(after.wireName());
            return 0;
        }
    }
}
