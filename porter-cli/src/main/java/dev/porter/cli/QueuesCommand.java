package dev.porter.cli;

import dev.porter.spi.JobStore;
import dev.porter.spi.QueueCounts;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "queues", mixinStandardHelpOptions = true,
        description = {"Prints job counts by state.", "One row for every queue that has jobs or is paused."})
final class QueuesCommand implements Callable<Integer> {
    private static final String[] HEADER = {"QUEUE", "QUEUED", "DEFERRED", "IN_PROGRESS", "COMPLETE", "FAILED", "ABORTED", "PAUSED"};

    @Mixin
    StoreOption store;

    @Override
    public Integer call() {
        try (JobStore jobs = store.open()) {
            List<QueueCounts> queues = jobs.queues();
            int width = Math.max(HEADER[0].length(), queues.stream().mapToInt(q -> q.queue().length()).max().orElse(0));
            String row = "%-" + width + "s  %8s  %8s  %11s  %8s  %8s  %8s  %6s%n";
            System.out.printf(row, (Object[]) HEADER);
            for (QueueCounts q : queues) {
                System.out.printf(row, q.queue(), q.queued(), q.deferred(), q.inProgress(), q.complete(), q.failed(), q.aborted(),
                        q.paused() ? "yes" : "no");
            }
            return 0;
        }
    }
}
