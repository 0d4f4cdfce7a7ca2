package dev.porter.cli;

import dev.porter.JobInfo;
import dev.porter.TryError;
import dev.porter.spi.JobStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Prints the lines a job wrote to its log, then the error of each failed try."})
final class LogsCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Parameters(index = "0", paramLabel = "ID", description = "The job id.")
    String id;

    @Override
    public Integer call() {
        try (JobStore jobs = store.open()) {
            JobInfo job = jobs.get(id).orElseThrow(() -> new CliException("job " + id + " not found"));
            job.logs().forEach(System.out::println);
            for (TryError e : job.errors()) {
                System.out.println("try " + e.tryNumber() + " failed at " + e.at() + ": " + e.error().type() + ": " + e.error().message());
            }
            return 0;
        }
    }
}
