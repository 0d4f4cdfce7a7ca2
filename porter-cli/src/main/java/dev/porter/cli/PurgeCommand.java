package dev.porter.cli;

import dev.porter.JobStatus;
import dev.porter.spi.JobStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Deletes every finished job of a queue in one state (by default the dead letters: failed).")
final class PurgeCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Option(names = "--queue", paramLabel = "Q", required = true, description = "The queue.")
    String queue;

    @Option(names = "--state", paramLabel = "STATE", defaultValue = "failed", converter = JobsCommand.StatusConverter.class,
            description = "failed (default), aborted or complete.")
    JobStatus state;

    @Override
    public Integer call() {
        try (JobStore jobs = store.open()) {
            System.out.println(jobs.purge(queue, state) + " " + state.wireName() + " jobs deleted from " + queue);
            return 0;
        }
    }
}
