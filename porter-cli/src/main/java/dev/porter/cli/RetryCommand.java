package dev.porter.cli;

import dev.porter.JobStatus;
import dev.porter.PorterClient;
import dev.porter.spi.JobStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "retry", mixinStandardHelpOptions = true,
        description = {"Runs a failed or aborted job again, or with --all every one of a queue (the dead letters).",
                "It is queued at once, with its tries counted from zero."})
final class RetryCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Parameters(index = "0", paramLabel = "ID", arity = "0..1", description = "The job id.")
    String id;

    @Option(names = "--all", description = "Every job of --queue in --state.")
    boolean all;

    @Option(names = "--queue", paramLabel = "Q", description = "With --all: the queue.")
    String queue;

    @Option(names = "--state", paramLabel = "STATE", defaultValue = "failed", converter = JobsCommand.StatusConverter.class,
            description = "With --all: failed (default) or aborted.")
    JobStatus state;

    @Override
    public Integer call() {
        if (all == (id != null)) {
            throw new CliException("give a job ID, or --all with --queue");
        }
        if (all) {
            if (queue == null) {
                throw new CliException("--all needs --queue");
            }
            try (JobStore jobs = store.open()) {
                System.out.println(jobs.retryAll(queue, state) + " " + state.wireName() + " jobs of " + queue + " queued again");
                return 0;
            }
        }
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
