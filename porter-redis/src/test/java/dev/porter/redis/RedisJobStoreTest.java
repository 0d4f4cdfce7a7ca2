package dev.porter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porter.conformance.MutableClock;
import dev.porter.spi.ClaimedJob;
import dev.porter.spi.JobStores;
import dev.porter.spi.NewJob;
import dev.porter.spi.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the Redis store promises beyond the conformance suite: its key layout, purging that leaves
 * nothing behind, and wake-ups timed to the next deferred job.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RedisJobStoreTest {
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final TestRedis server = TestRedis.shared();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private RedisJobStore store;

    @BeforeEach
    void open() {
        server.flush();
        store = RedisJobStore.open(server.url(), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private NewJob job(String id, String queue, Instant runAt) {
        return new NewJob(id, "fn", "[1]", queue, 0, runAt, null, null, null, null);
    }

    @Test
    void everyKeyOfAQueueCarriesItsHashTag() {
        store.enqueue(List.of(job("a", "mail", clock.instant()), job("b", "mail", clock.instant().plusSeconds(60))));
        ClaimedJob a = store.claim("w", List.of("mail"), 1, LEASE).get(0);
        store.log(a.lease(), "line");
        store.finish(List.of(new Outcome.Completed(a.lease(), "1", Duration.ofHours(1))));

        List<String> keys = server.admin().keys("*");
        assertThat(keys).filteredOn(k -> !List.of(Keys.IDS, Keys.QUEUES, "porter:seq").contains(k))
                .isNotEmpty()
                .allMatch(k -> k.startsWith("porter:{mail}:"), "starts with porter:{mail}:");
    }

    @Test
    void finishedJobsStayUntilPurgedWhichLeavesNothingBehind() {
        store.enqueue(List.of(job("a", "default", clock.instant())));
        ClaimedJob a = store.claim("w", List.of("default"), 1, LEASE).get(0);
        store.log(a.lease(), "line");
        store.finish(List.of(new Outcome.Completed(a.lease(), "1", Duration.ofMinutes(5))));

        // no native TTL (it would cost every finish a command): purgeExpired is what deletes
        assertThat(server.admin().pttl(Keys.job("default", "a"))).isEqualTo(-1L);
        assertThat(server.admin().pttl(Keys.log("default", "a"))).isEqualTo(-1L);

        clock.advance(Duration.ofMinutes(5));
        assertThat(store.get("a")).isEmpty();
        assertThat(store.purgeExpired()).isEqualTo(1);
        assertThat(server.admin().keys("*"))
                .containsExactlyInAnyOrder(Keys.QUEUES, "porter:seq", Keys.queue("default", "marker"));
    }

    @Test
    void aResultKeptForZeroLeavesNothingBehind() {
        store.enqueue(List.of(job("a", "default", clock.instant()), job("b", "default", clock.instant())));
        List<ClaimedJob> c = store.claim("w", List.of("default"), 2, LEASE);
        store.log(c.get(0).lease(), "line");
        store.finish(List.of(new Outcome.Completed(c.get(0).lease(), "1", Duration.ZERO),
                new Outcome.Failed(c.get(1).lease(), dev.porter.JobError.of("E", "x"), Duration.ZERO)));

        assertThat(server.admin().keys("*"))
                .containsExactlyInAnyOrder(Keys.QUEUES, "porter:seq", Keys.queue("default", "marker"));
    }

    @Test
    void aJobWhoseHashExpiredNativelyIsGoneAndItsIdFree() {
        store.enqueue(List.of(job("a", "default", clock.instant())));
        ClaimedJob a = store.claim("w", List.of("default"), 1, LEASE).get(0);
        store.finish(List.of(new Outcome.Completed(a.lease(), "1", Duration.ofHours(1))));
        server.admin().del(Keys.job("default", "a")); // as eviction or a hand-made DEL would, with no purge since

        assertThat(store.get("a")).isEmpty();
        assertThat(store.enqueue(List.of(job("a", "other", clock.instant()))).get(0).created()).isTrue();
        assertThat(store.purgeExpired()).isZero();
        assertThat(store.get("a").orElseThrow().queue()).isEqualTo("other");
    }

    @Test
    void awaitWorkSleepsAtMostUntilTheNextDeferredJob() throws Exception {
        store.enqueue(List.of(job("later", "default", clock.instant().plusMillis(300))));
        long start = System.nanoTime();
        store.awaitWork(List.of("default"), Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
    }

    @Test
    void providerOpensRedisAndRedissUrls() {
        RedisStoreProvider provider = new RedisStoreProvider();
        assertThat(provider.supports("redis://localhost:6379/0")).isTrue();
        assertThat(provider.supports("rediss://user:secret@host:6380/1")).isTrue();
        assertThat(provider.supports("sqlite:./x.db")).isFalse();
        try (var opened = JobStores.open(server.url(), clock)) {
            assertThat(opened.describe()).isEqualTo(server.url());
        }
    }

    @Test
    void aWorkersSubscriptionHearsOnlyTheAbortChannel() throws Exception {
        List<dev.porter.spi.JobEvent> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (AutoCloseable sub = store.subscribe(java.util.EnumSet.of(dev.porter.spi.JobEvent.Kind.ABORT_REQUESTED), heard::add)) {
            assertThat(server.admin().pubsubNumsub(Keys.ABORTS, Keys.EVENTS))
                    .containsEntry(Keys.ABORTS, 1L).containsEntry(Keys.EVENTS, 0L);
            store.enqueue(List.of(job("a", "q", clock.instant())));
            store.claim("w", List.of("q"), 1, LEASE);
            store.abort("a");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !heard.isEmpty());
            assertThat(heard).extracting(dev.porter.spi.JobEvent::kind).containsExactly(dev.porter.spi.JobEvent.Kind.ABORT_REQUESTED);
        }
        try (AutoCloseable sub = store.subscribe(java.util.EnumSet.of(dev.porter.spi.JobEvent.Kind.STATE), e -> {})) {
            assertThat(server.admin().pubsubNumsub(Keys.EVENTS)).containsEntry(Keys.EVENTS, 1L);
        }
    }

    @Test
    void purgingByStatusLeavesNothingBehindNotEvenAnEarlierTrysError() {
        store.enqueue(List.of(job("a", "default", clock.instant())));
        ClaimedJob first = store.claim("w", List.of("default"), 1, LEASE).get(0);
        store.finish(List.of(new Outcome.Retrying(first.lease(), clock.instant(), dev.porter.JobError.of("E", "x"))));
        ClaimedJob second = store.claim("w", List.of("default"), 1, LEASE).get(0);
        store.finish(List.of(new Outcome.Completed(second.lease(), "1", Duration.ofMinutes(5))));
        assertThat(server.admin().exists(Keys.errors("default", "a"))).isEqualTo(1L);
        assertThat(store.purge("default", dev.porter.JobStatus.COMPLETE)).isEqualTo(1);
        assertThat(server.admin().keys("*"))
                .containsExactlyInAnyOrder(Keys.QUEUES, "porter:seq", Keys.queue("default", "marker"));
    }

    @Test
    void anIdleRateLimiterVanishes() {
        dev.porter.RateLimit limit = dev.porter.RateLimit.of("api", 12, Duration.ofMinutes(1));
        store.reservePermit(limit, "host");
        store.reservePermit(limit, "host");
        // tat is now + 10 s: the key lives until then, after which a fresh limiter is the same
        assertThat(server.admin().pttl(Keys.limit("api", "host"))).isBetween(9_000L, 10_000L);
    }
}
