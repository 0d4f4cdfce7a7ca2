package dev.porter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.porter.conformance.MutableClock;
import dev.porter.spi.ClaimedJob;
import dev.porter.spi.NewJob;
import io.lettuce.core.KillArgs;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A worker's sleep on a blocking wake-up connection of its own, against a real redis-server of its own. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WakeUpsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> QUEUES = List.of("q");
    private static final Duration LONG_WAIT = Duration.ofSeconds(10);
    private static TestRedis server;

    @BeforeAll
    static void startServer() {
        server = TestRedis.startNew();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void emptyServer() {
        server.flush();
    }

    private static NewJob job(String id) {
        return new NewJob(id, "fn", "{}", "q", 0, NOW, null, null, null, null);
    }

    /** A sleeping thread, and what its sleep ended with: the jobs it claimed, or what it threw. */
    private record Sleep(Thread thread, CompletableFuture<Object> ended) {
        Object result() throws Exception {
            return ended.get(2, TimeUnit.SECONDS);
        }

        @SuppressWarnings("unchecked")
        List<String> claimedIds() throws Exception {
            assertThat(result()).isInstanceOf(List.class);
            return ((List<ClaimedJob>) result()).stream().map(ClaimedJob::id).toList();
        }
    }

    /** awaitAndClaim on a platform thread of its own, as a worker's dispatcher calls it. */
    private static Sleep sleepAndClaim(RedisJobStore store) {
        CompletableFuture<Object> ended = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().start(() -> {
            try {
                List<ClaimedJob> jobs = store.awaitAndClaim("w", QUEUES, 10, Duration.ofSeconds(30), LONG_WAIT);
                ended.complete(Thread.currentThread().isInterrupted() ? new Interrupted(jobs) : jobs);
            } catch (Throwable t) {
                ended.complete(t);
            }
        });
        return new Sleep(thread, ended);
    }

    /** What a sleep returned to a thread interrupted meanwhile. */
    private record Interrupted(List<ClaimedJob> jobs) {}

    private static List<String> wakeUpClients(TestRedis redis) {
        return Arrays.stream(redis.admin().clientList().split("\n"))
                .filter(line -> line.contains(" name=" + WakeUps.NAME + " "))
                .toList();
    }

    private static void awaitSleeping(TestRedis redis) {
        await().atMost(Duration.ofSeconds(5)).until(() ->
                wakeUpClients(redis).stream().anyMatch(line -> line.contains(" cmd=bzpopmin ")));
    }

    @Test
    void aSleepBlocksOnAConnectionOfItsOwnInTheUrlsDatabaseAndAnEnqueueEndsIt() throws Exception {
        try (TestRedis secured = TestRedis.startNew()) {
            secured.admin().configSet("requirepass", "s3cret"); // the admin connection stays authenticated
            String url = "redis://:s3cret@127.0.0.1:" + secured.port() + "/2";
            try (RedisJobStore store = RedisJobStore.open(url, new MutableClock(NOW))) {
                Sleep sleep = sleepAndClaim(store);
                awaitSleeping(secured);
                assertThat(wakeUpClients(secured)).singleElement().asString().contains(" db=2 ");

                store.enqueue(List.of(job("a")));

                assertThat(sleep.claimedIds()).containsExactly("a");
            }
        }
    }

    @Test
    void anInterruptEndsASleepAtOnceWhereverItLandsAndLosesNoClaim() throws Exception {
        try (RedisJobStore store = RedisJobStore.open(server.url(), new MutableClock(NOW))) {
            for (int i = 0; i < 40; i++) {
                Sleep sleep = sleepAndClaim(store);
                // from before the BZPOPMIN reaches Redis to well after it blocks there
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextInt(3000)));
                sleep.thread().interrupt();
                assertThat(sleep.result()).satisfiesAnyOf(
                        r -> assertThat(r).isInstanceOf(InterruptedException.class),
                        r -> assertThat(r).isEqualTo(new Interrupted(List.of())));
            }
            store.enqueue(List.of(job("after")));
            assertThat(store.claim("w", QUEUES, 10, Duration.ofSeconds(30))).extracting(ClaimedJob::id)
                    .containsExactly("after");
            // an unblocked connection goes back to the pool: no interrupt left one behind
            await().atMost(Duration.ofSeconds(5)).until(() -> wakeUpClients(server).size() <= 1);
        }
    }

    @Test
    void aPooledConnectionTheServerDroppedIsReplacedWithoutAFailure() throws Exception {
        try (RedisJobStore store = RedisJobStore.open(server.url(), new MutableClock(NOW))) {
            store.awaitWork(QUEUES, Duration.ofMillis(100)); // leaves an idle wake-up connection
            String idle = wakeUpClients(server).getFirst();
            long id = Long.parseLong(idle.replaceAll("^id=(\\d+) .*", "$1"));
            server.admin().clientKill(KillArgs.Builder.id(id));

            Sleep sleep = sleepAndClaim(store);
            awaitSleeping(server);
            store.enqueue(List.of(job("a")));

            assertThat(sleep.claimedIds()).containsExactly("a");
        }
    }

    @Test
    void closingTheStoreEndsASleepInProgress() throws Exception {
        RedisJobStore store = RedisJobStore.open(server.url(), new MutableClock(NOW));
        Sleep sleep = sleepAndClaim(store);
        awaitSleeping(server);

        store.close();

        assertThat(sleep.result()).isInstanceOf(RedisStoreException.class);
    }
}
