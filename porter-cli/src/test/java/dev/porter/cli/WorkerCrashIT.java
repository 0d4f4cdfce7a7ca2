package dev.porter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.porter.JobInfo;
import dev.porter.JobRequest;
import dev.porter.JobStatus;
import dev.porter.PorterClient;
import dev.porter.spi.JobStore;
import dev.porter.spi.JobStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At-least-once delivery across a kill -9 of the worker process (SQLite): every acknowledged job
 * completes, and only the jobs the dead worker held run twice.
 */
class WorkerCrashIT {
    private static final int JOBS = 2_000;
    private static final int MAX_JOBS = 20;

    @TempDir
    Path dir;

    @Test
    void aKilledWorkersJobsRunAgainAndNothingIsLost() throws Exception {
        PorterProcess porter = PorterProcess.sqlite(dir);
        Path records = dir.resolve("records.txt");
        List<String> acknowledged = enqueue(porter.store());

        PorterProcess.Started first = startWorker(porter, records, false);
        await().atMost(Duration.ofSeconds(60)).until(() -> lines(records).size() >= JOBS / 4);
        first.process().destroyForcibly(); // SIGKILL: no shutdown hook, no handing back
        assertThat(first.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        int recordedBeforeKill = lines(records).size();
        assertThat(recordedBeforeKill).as("killed mid-run").isLessThan(JOBS);

        PorterProcess.Started second = startWorker(porter, records, true);
        assertThat(second.process().waitFor(120, TimeUnit.SECONDS)).as("the burst worker finished the rest").isTrue();
        assertThat(second.result().exit()).as("second worker; stderr:%n%s", second.stderrSoFar()).isZero();

        assertThat(second.stderrSoFar()).as("the second worker reaped the dead one's jobs").contains("re-queued");

        Set<String> triedTwice = new HashSet<>();
        try (JobStore store = JobStores.open(porter.store())) {
            for (String id : acknowledged) {
                JobInfo info = store.get(id).orElseThrow(() -> new AssertionError("job " + id + " is gone"));
                assertThat(info.status()).as("job %s", id).isEqualTo(JobStatus.COMPLETE);
                if (info.tries() > 1) {
                    triedTwice.add(id);
                }
            }
        }
        assertThat(triedTwice).as("jobs the dead worker held, run again").isNotEmpty();
        Map<String, Long> runs = lines(records).stream()
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        assertThat(runs.keySet()).as("every acknowledged job ran").containsExactlyInAnyOrderElementsOf(acknowledged);
        Map<String, Long> repeated = runs.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(repeated.values()).as("no job ran more than twice").allMatch(n -> n == 2);
        assertThat(triedTwice).as("a job ran twice only if the dead worker held it").containsAll(repeated.keySet());
        assertThat(repeated.size()).as("jobs run twice: at most those in flight at the kill").isLessThanOrEqualTo(MAX_JOBS);
        System.out.printf("crash test: %d recorded before the kill, %d jobs re-run after it, %d side effects repeated%n",
                recordedBeforeKill, triedTwice.size(), repeated.size());
    }

    /** Enqueues every job before any worker runs; a job counts as acknowledged once enqueue returned. */
    private static List<String> enqueue(String storeUrl) {
        List<String> ids = new ArrayList<>();
        try (JobStore store = JobStores.open(storeUrl); PorterClient client = PorterClient.create(store)) {
            List<JobRequest> batch = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                batch.add(JobRequest.of(RecordingApp.FUNCTION, i));
                if (batch.size() == 100 || i == JOBS - 1) {
                    client.enqueueAll(batch).forEach(e -> ids.add(e.id()));
                    batch.clear();
                }
            }
        }
        return ids;
    }

    /** Leases of 2 s, so the killed worker's jobs come back about 2 s after it died. */
    private static PorterProcess.Started startWorker(PorterProcess porter, Path records, boolean burst) throws Exception {
        List<String> args = new ArrayList<>(List.of("worker", "--app", RecordingApp.class.getName(),
                "--max-jobs", String.valueOf(MAX_JOBS), "--lease", "2s"));
        if (burst) {
            args.add("--burst");
        }
        return porter.startWithTestClasses(Map.of("RECORD_FILE", records.toString()), args.toArray(String[]::new));
    }

    private static List<String> lines(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
