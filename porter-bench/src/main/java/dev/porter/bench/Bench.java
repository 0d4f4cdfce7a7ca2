package dev.porter.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.porter.JobInfo;
import dev.porter.PorterClient;
import dev.porter.spi.JobPage;
import dev.porter.spi.JobQuery;
import dev.porter.spi.JobStores;
import dev.porter.worker.Worker;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * Runs one benchmark: opens (or creates) the store, makes sure it starts empty, runs the scenario,
 * and returns the result. Progress goes to {@code progress}; the caller prints the result line.
 */
public final class Bench {
    private Bench() {}

    public static BenchResult run(BenchConfig config, PrintStream progress) throws InterruptedException {
        // One INFO line per job would cost more than the jobs themselves.
        ((Logger) LoggerFactory.getLogger(Worker.class)).setLevel(Level.WARN);
        Path tempDir = config.storeUrl() == null ? createTempDir() : null;
        String url = tempDir != null ? "sqlite:" + tempDir.resolve("bench.db") : config.storeUrl();
        try (TimedStore store = new TimedStore(JobStores.open(url)); PorterClient client = PorterClient.create(store)) {
            BenchContext bench = new BenchContext(store, client, config, progress, BenchContext.QUEUE);
            startEmpty(bench);
            for (int round = 1; round <= config.warmup(); round++) {
                BenchContext warmup = new BenchContext(store, client, config, progress, "bench-warmup-" + round);
                warmup.say("warm-up round, untimed: " + config.scenario().run(warmup).line());
            }
            bench.say("store " + store.describe() + ", " + config.jobCount() + " jobs");
            BenchResult result = config.scenario().run(bench);
            store.report().forEach(bench::say);
            return result;
        } finally {
            if (tempDir != null) {
                deleteTree(tempDir);
            }
        }
    }

    /** A store that already holds jobs is somebody's data: refuse it unless told to empty it. */
    private static void startEmpty(BenchContext bench) {
        if (bench.store().queues().isEmpty()) {
            return;
        }
        if (!bench.config().flush()) {
            throw new IllegalArgumentException("store " + bench.store().describe()
                    + " already holds jobs; give an empty store, or --flush to delete them all first");
        }
        long deleted = 0;
        while (true) {
            JobPage page = bench.store().list(JobQuery.all(JobQuery.MAX_LIMIT));
            long before = deleted;
            for (JobInfo job : page.jobs()) {
                deleted += bench.store().delete(job.id()) ? 1 : 0;
            }
            if (page.jobs().isEmpty() || deleted == before) {
                break;
            }
        }
        bench.say("--flush: deleted " + deleted + " jobs");
        if (!bench.store().queues().isEmpty()) {
            throw new IllegalArgumentException("store " + bench.store().describe()
                    + " still holds jobs in progress after --flush; stop its workers first");
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("porter-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the bench store", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind costs disk space, not correctness
        }
    }
}
