package dev.porter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porter.Enqueued;
import dev.porter.JobStatus;
import dev.porter.spi.ClaimedJob;
import dev.porter.spi.NewJob;
import dev.porter.spi.Outcome;
import dev.porter.conformance.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Counts the commands clients send per job under a backlog (INFO commandstats: EVALSHA/EVAL calls;
 * commands run inside scripts are not round trips). The numbers are quoted in docs/redis.md.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoundTripsTest {
    private static final int JOBS = 10_000;
    private static final int BATCH = 100;

    @Test
    void batchedClaimsAndFinishesNeedFarLessThanOneRoundTripPerJob() {
        TestRedis server = TestRedis.shared();
        server.flush();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (RedisJobStore store = RedisJobStore.open(server.url(), clock)) {
            // load the scripts first: a NOSCRIPT answer and the EVAL after it would count twice
            store.enqueue(List.of(job("warm-up-1", clock), job("warm-up-2", clock))); // a batch: enqueue.lua
            List<Outcome> warm = store.claim("w", List.of("default"), 2, Duration.ofSeconds(30)).stream()
                    .<Outcome>map(c -> new Outcome.Completed(c.lease(), "null", Duration.ZERO))
                    .toList();
            store.finish(warm);

            long t0 = System.nanoTime();
            long beforeEnqueue = scriptCalls(server);
            for (int b = 0; b < JOBS / 1000; b++) {
                List<NewJob> jobs = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    jobs.add(new NewJob("j" + b + "-" + i, "fn", "{}", "default", 0, clock.instant(), null, null, null, null));
                }
                store.enqueue(jobs);
            }
            long beforeProcessing = scriptCalls(server);

            int processed = 0;
            List<ClaimedJob> claimed;
            while (!(claimed = store.claim("w", List.of("default"), BATCH, Duration.ofSeconds(30))).isEmpty()) {
                List<Outcome> done = claimed.stream()
                        .<Outcome>map(c -> new Outcome.Completed(c.lease(), "\"ok\"", Duration.ofHours(1)))
                        .toList();
                processed += done.size();
                assertThat(store.finish(done)).doesNotContain(false);
            }
            long afterProcessing = scriptCalls(server);
            System.out.printf("took %d ms%n", (System.nanoTime() - t0) / 1_000_000);

            double enqueuePerJob = (double) (beforeProcessing - beforeEnqueue) / JOBS;
            double processingPerJob = (double) (afterProcessing - beforeProcessing) / processed;
            System.out.printf("commands per job: enqueue (batches of 1000) %.4f, claim+finish (batches of %d) %.4f%n",
                    enqueuePerJob, BATCH, processingPerJob);
            assertThat(processed).isEqualTo(JOBS);
            assertThat(enqueuePerJob).isEqualTo(1.0 / RedisJobStore.ENQUEUE_CHUNK); // pipelined: one wait per 1,000
            // 100 claim calls + 100 finish calls + the last, empty claim
            assertThat(processingPerJob).isLessThan(0.021);
            assertThat(store.queues().get(0).complete()).isEqualTo(JOBS);
        }
    }

    @Test
    void aSingleEnqueueIsOneRoundTripAndARepeatedIdTwo() {
        TestRedis server = TestRedis.shared();
        server.flush();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (RedisJobStore store = RedisJobStore.open(server.url(), clock)) {
            // load both scripts first: a NOSCRIPT answer and the EVAL after it would count twice
            store.enqueue(List.of(job("warm-up", clock)));
            store.enqueue(List.of(job("warm-up", clock)));

            long before = scriptCalls(server);
            Enqueued created = store.enqueue(List.of(job("new", clock))).get(0);
            long afterNew = scriptCalls(server);
            Enqueued repeated = store.enqueue(List.of(job("new", clock))).get(0);
            long afterRepeat = scriptCalls(server);

            assertThat(created).isEqualTo(new Enqueued("new", true, JobStatus.QUEUED));
            assertThat(repeated).isEqualTo(new Enqueued("new", false, JobStatus.QUEUED));
            assertThat(afterNew - before).isEqualTo(1);
            assertThat(afterRepeat - afterNew).isEqualTo(2); // enqueue_one.lua finds the id, enqueue.lua answers
        }
    }

    private static NewJob job(String id, MutableClock clock) {
        return new NewJob(id, "fn", "{}", "default", 0, clock.instant(), null, null, null, null);
    }

    private static long scriptCalls(TestRedis server) {
        long calls = 0;
        for (String line : server.admin().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
                calls += Long.parseLong(line.replaceAll("^[^:]+:calls=(\\d+),.*", "$1"));
            }
        }
        return calls;
    }
}
