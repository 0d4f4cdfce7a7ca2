package dev.porter.cli;

import dev.porter.JobInfo;
import dev.porter.JobStatus;
import dev.porter.spi.JobPage;
import dev.porter.spi.JobQuery;
import dev.porter.spi.JobStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = {"Lists jobs, newest first; with --state failed, the dead letters and their last error.",
                "When more match than --limit, the cursor for the next page is printed to stderr."})
final class JobsCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Option(names = "--queue", paramLabel = "Q", description = "Only this queue.")
    String queue;

    @Option(names = "--state", paramLabel = "STATE", converter = StatusConverter.class,
            description = "Only this state: queued, deferred, in_progress, complete, failed, aborted.")
    JobStatus state;

    @Option(names = "--function", paramLabel = "NAME", description = "Only this function.")
    String function;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most this many (default 50).")
    int limit;

    @Option(names = "--cursor", paramLabel = "C", description = "Where the previous page ended.")
    String cursor;

    @Override
    public Integer call() {
        try (JobStore jobs = store.open()) {
            JobPage page = jobs.list(new JobQuery(queue, state, function, cursor, limit));
            String row = "%-38s  %-11s  %-20s  %-12s  %5s  %s%n";
            System.out.printf(row, "ID", "STATUS", "FUNCTION", "QUEUE", "TRIES", "LAST ERROR");
            for (JobInfo j : page.jobs()) {
                String error = j.error() == null ? "" : j.error().type() + ": " + j.error().message();
                System.out.printf(row, j.id(), j.status().wireName(), j.function(), j.queue(), j.tries(),
                        error.length() > 80 ? error.substring(0, 77) + "..." : error);
            }
            if (page.nextCursor() != null) {
                System.err.println("more: --cursor " + page.nextCursor());
            }
            return 0;
        }
    }

    /** Reads a wire name such as {@code in_progress}, naming the accepted ones when it is wrong. */
    static final class StatusConverter implements picocli.CommandLine.ITypeConverter<JobStatus> {
        @Override
        public JobStatus convert(String value) {
            JobStatus s = JobStatus.fromWire(value);
            if (s == JobStatus.NOT_FOUND) {
                throw new IllegalArgumentException("not_found is not a state jobs are in");
            }
            return s;
        }
    }
}
