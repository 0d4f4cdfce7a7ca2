package dev.porter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.porter.JobRequest;
import dev.porter.JobStatus;
import dev.porter.PorterClient;
import dev.porter.spi.JobStore;
import dev.porter.spi.JobStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cron, rate limits and pause hold across worker processes, not just inside one: three
 * {@code porter worker} JVMs share one SQLite file, and each function records what it did in a file.
 */
class FlowControlProcessesIT {
    @TempDir
    Path dir;

    private PorterProcess porter;
    private Path records;
    private final List<PorterProcess.Started> workers = new ArrayList<>();

    @BeforeEach
    void startThreeWorkers() throws Exception {
        porter = PorterProcess.sqlite(dir);
        records = dir.resolve("records.txt");
        // The store exists before the workers race to create it.
        try (JobStore ignored = JobStores.open(porter.store())) {
            for (int i = 0; i < 3; i++) {
                workers.add(porter.startWithTestClasses(Map.of("RECORD_FILE", records.toString()),
                        "worker", "--app", FlowControlApp.class.getName(), "--max-jobs", "10", "--lease", "2s"));
            }
        }
    }

    @AfterEach
    void stopWorkers() throws Exception {
        for (PorterProcess.Started w : workers) {
            w.process().destroy();
        }
        for (PorterProcess.Started w : workers) {
            if (!w.process().waitFor(20, TimeUnit.SECONDS)) {
                w.process().destroyForcibly();
            }
        }
    }

    @Test
    void eachCronTickRunsOnceAcrossThreeWorkers() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> lines("tick ").size() >= 6);
        Map<String, Long> runsPerTick = lines("tick ").stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(runsPerTick).as("ticks seen").hasSizeGreaterThanOrEqualTo(5);
        assertThat(runsPerTick.keySet()).allMatch(id -> id.startsWith("cron:tick:"));
        assertThat(runsPerTick.values()).as("runs of each tick").containsOnly(1L);
    }

    @Test
    void aRateLimitIsSharedByThreeWorkers() throws Exception {
        int jobs = 12;
        try (JobStore store = JobStores.open(porter.store()); PorterClient client = PorterClient.create(store)) {
            List<JobRequest> batch = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                batch.add(JobRequest.of("limited", i));
            }
            client.enqueueAll(batch);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> lines("limited ").size() == jobs);
        List<Long> starts = lines("limited ").stream().map(Long::parseLong).sorted().toList();
        // 5 a second: the 12th permit comes 11 intervals of 200 ms after the first. A job never starts
        // before its permit's time, but may start after it (a busy machine), so only the span is exact.
        assertThat(starts.get(jobs - 1) - starts.get(0)).as("ms from first to last start").isGreaterThanOrEqualTo(2_000);
    }

    @Test
    void aPauseIsSeenByEveryWorker() throws Exception {
        porter.ok("queue", "pause", "default");
        List<String> ids = new ArrayList<>();
        try (JobStore store = JobStores.open(porter.store()); PorterClient client = PorterClient.create(store)) {
            for (int i = 0; i < 10; i++) {
                ids.add(client.enqueue("note", i).id());
            }
            Thread.sleep(2_000);
            assertThat(lines("note ")).as("nothing started while paused").isEmpty();
            assertThat(ids).allMatch(id -> client.status(id) == JobStatus.QUEUED);
            assertThat(porter.ok("queues")).contains("yes");

            porter.ok("queue", "resume", "default");
            await().atMost(Duration.ofSeconds(30)).until(() -> lines("note ").size() == 10);
            assertThat(lines("note ")).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    /** The recorded lines that start with {@code prefix}, without it. */
    private List<String> lines(String prefix) throws java.io.IOException {
        if (!Files.exists(records)) {
            return List.of();
        }
        return Files.readAllLines(records).stream().filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length())).toList();
    }
}
