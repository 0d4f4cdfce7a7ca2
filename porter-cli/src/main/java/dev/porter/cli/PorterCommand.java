package dev.porter.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level {@code porter} command: only a list of subcommands and the options they all share. */
@Command(name = "porter",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Porter: a background job queue for the JVM.",
        subcommands = {
                WorkerCommand.class,
                EnqueueCommand.class,
                StatusCommand.class,
                InfoCommand.class,
                ResultCommand.class,
                CancelCommand.class,
                RetryCommand.class,
                QueuesCommand.class,
                CheckCommand.class,
                BenchCommand.class,
                JobsCommand.class,
                LogsCommand.class,
                PurgeCommand.class,
                QueueCommand.class,
                CronCommand.class,
                ServeCommand.class,
                DemoCommand.class,
        })
public final class PorterCommand implements Runnable {

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Log at DEBUG and print stack traces of errors.")
    void setVerbose(boolean verbose) {
        Logging.setVerbose(verbose);
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        // `porter` alone: show what it can do rather than doing nothing silently.
        spec.commandLine().usage(System.out);
    }
}
