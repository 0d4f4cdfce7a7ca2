package dev.porter.cli;

import dev.porter.PorterClient;
import dev.porter.spi.JobStore;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "result", mixinStandardHelpOptions = true,
        description = {"Prints a finished job's result as JSON.",
                "Exit 1 when it failed (its error is printed), was aborted, is unknown, or has not finished."})
final class ResultCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Parameters(index = "0", paramLabel = "ID", description = "The job id.")
    String id;

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "0s",
            description = "Wait up to this long for the job to finish (default: do not wait).")
    Duration wait;

    @Override
    public Integer call() throws InterruptedException {
        try (JobStore jobs = store.open(); PorterClient client = StoreOption.client(jobs)) {
            return Results.print(client, id, wait);
        }
    }
}
