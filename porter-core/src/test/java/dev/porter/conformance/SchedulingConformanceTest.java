package dev.porter.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porter.Enqueued;
import dev.porter.JobInfo;
import dev.porter.JobOptions;
import dev.porter.PorterClient;
import dev.porter.cron.CronJob;
import dev.porter.cron.CronSchedule;
import dev.porter.cron.CronScheduler;
import dev.porter.spi.JobQuery;
import dev.porter.spi.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduling rules that rest on the store's id dedup: each cron tick runs once however many workers
 * fire it, and "unique for a duration" yields one job per window. Every store runs this suite.
 */
public abstract class SchedulingConformanceTest {
    /** Ten seconds past a minute, so the first tick of an every-minute schedule is 50 s away. */
    private static final Instant START = Instant.parse("2030-01-01T00:00:10Z");

    protected abstract JobStore openStore(MutableClock clock);

    private MutableClock clock;
    private JobStore store;
    private PorterClient client;

    @BeforeEach
    void open() {
        clock = new MutableClock(START);
        store = openStore(clock);
        client = PorterClient.create(store);
    }

    @AfterEach
    void close() {
        client.close();
        store.close();
    }

    private final CronJob everyMinute = CronJob.of("tick", CronSchedule.parse("* * * * *"))
            .withArgs(Map.of("n", 1)).withOptions(JobOptions.builder().queue("cron").build());

    private List<JobInfo> all() {
        return store.list(JobQuery.all(1000)).jobs();
    }

    @Test
    void eachTickRunsOnceAcrossThreeWorkers() {
        List<CronScheduler> workers = IntStream.range(0, 3).mapToObj(i -> new CronScheduler(client, List.of(everyMinute))).toList();
        int created = 0;
        for (int tick = 1; tick <= 5; tick++) {
            clock.set(Instant.parse("2030-01-01T00:00:00Z").plus(Duration.ofMinutes(tick)));
            for (CronScheduler w : workers) {
                created += w.fireDue();
            }
        }
        assertThat(created).isEqualTo(5);
        Set<String> ids = new HashSet<>();
        for (JobInfo j : all()) {
            ids.add(j.id());
            assertThat(j.function()).isEqualTo("tick");
            assertThat(j.queue()).isEqualTo("cron");
            assertThat(j.argsJson()).isEqualTo("{\"n\":1}");
        }
        assertThat(ids).containsExactlyInAnyOrder(IntStream.rangeClosed(1, 5)
                .mapToObj(m -> CronScheduler.tickId(everyMinute, Instant.parse("2030-01-01T00:00:00Z").plus(Duration.ofMinutes(m))))
                .toArray(String[]::new));
    }

    @Test
    void aTickIsNamedForItsOwnTimeAndDueAtOnce() {
        CronScheduler w = new CronScheduler(client, List.of(everyMinute));
        clock.set(Instant.parse("2030-01-01T00:01:02Z"));
        w.fireDue();
        assertThat(all()).singleElement().satisfies(j -> {
            assertThat(j.id()).isEqualTo(CronScheduler.tickId(everyMinute, Instant.parse("2030-01-01T00:01:00Z")));
            assertThat(j.status()).isEqualTo(dev.porter.JobStatus.QUEUED);
        });
    }

    @Test
    void ticksBeforeTheWorkerStartedAreNotReplayed() {
        clock.set(Instant.parse("2030-01-01T00:05:30Z"));
        CronScheduler w = new CronScheduler(client, List.of(everyMinute));
        assertThat(w.fireDue()).isZero();
        assertThat(all()).isEmpty();
    }

    @Test
    void aSchedulerThatFellBehindFiresOnlyTheLatestTick() {
        CronScheduler w = new CronScheduler(client, List.of(everyMinute));
        clock.set(Instant.parse("2030-01-01T00:10:05Z"));
        assertThat(w.fireDue()).isEqualTo(1);
        assertThat(all()).singleElement().satisfies(j ->
                assertThat(j.id()).isEqualTo(CronScheduler.tickId(everyMinute, Instant.parse("2030-01-01T00:10:00Z"))));
    }

    @Test
    void runAtStartupEnqueuesOneRunPerStart() {
        new CronScheduler(client, List.of(everyMinute.runAtStartup(true))).startup();
        assertThat(all()).hasSize(1);
    }

    @Test
    void uniqueForGivesOneJobPerWindow() {
        JobOptions unique = JobOptions.builder().uniqueFor(Duration.ofMinutes(1)).build();
        clock.set(Instant.parse("2030-01-01T00:00:00Z"));
        List<Enqueued> tickets = new ArrayList<>();
        for (int s = 0; s < 150; s++) { // the same refresh every second for two and a half minutes
            tickets.add(client.enqueue("refresh", Map.of("user", 7), unique));
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(tickets.stream().filter(Enqueued::created).count()).isEqualTo(3);
        assertThat(tickets.subList(0, 60)).extracting(Enqueued::id).containsOnly(tickets.get(0).id());
        assertThat(all()).hasSize(3);
        assertThat(client.enqueue("refresh", Map.of("user", 8), unique).created()).isTrue();
    }

    @Test
    void aUniqueJobIsKeptAtLeastOneWindow() {
        String id = client.enqueue("refresh", null, JobOptions.builder().uniqueFor(Duration.ofMinutes(5))
                .keepResult(Duration.ZERO).build()).id();
        assertThat(store.get(id).orElseThrow().keepResult()).isEqualTo(Duration.ofMinutes(5));
    }
}
