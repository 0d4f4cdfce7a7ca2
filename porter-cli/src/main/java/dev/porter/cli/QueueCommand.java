package dev.porter.cli;

import dev.porter.spi.JobStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "queue", mixinStandardHelpOptions = true,
        description = "Pauses or resumes a queue for every worker of the store.",
        subcommands = {QueueCommand.Pause.class, QueueCommand.Resume.class})
final class QueueCommand {

    /** Sets a queue's paused flag; the two subcommands differ only in which way. */
    abstract static class SetPaused implements Callable<Integer> {
        @Mixin
        StoreOption store;

        @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue.")
        String queue;

        private final boolean paused;

        SetPaused(boolean paused) {
            this.paused = paused;
        }

        @Override
        public Integer call() {
            try (JobStore jobs = store.open()) {
                jobs.setPaused(queue, paused);
                System.out.println(queue + (paused ? " paused" : " resumed"));
                return 0;
            }
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = {"Pauses a queue: running jobs finish, nothing new starts; enqueue still works."})
    static final class Pause extends SetPaused {
        Pause() {
            super(true);
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resumes a paused queue.")
    static final class Resume extends SetPaused {
        Resume() {
            super(false);
        }
    }
}
