package dev.porter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.porter.JobStatus;
import dev.porter.spi.JobEvent;
import dev.porter.spi.NewJob;
import dev.porter.conformance.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Redis restart: calls fail clearly while it is down, then everything works again unattended. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisReconnectTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private NewJob job(String id) {
        return new NewJob(id, "fn", "null", "default", 0, clock.instant(), null, null, null, null);
    }

    @Test
    void theStoreRecoversAfterTheServerRestarts() throws Exception {
        try (TestRedis server = TestRedis.startNew(); RedisJobStore store = RedisJobStore.open(server.url(), clock)) {
            List<JobEvent> events = new CopyOnWriteArrayList<>();
            store.subscribe(events::add);
            store.enqueue(List.of(job("before")));
            store.claim("w", List.of("default"), 10, Duration.ofSeconds(30));
            store.awaitWork(List.of("default"), Duration.ofMillis(100)); // leaves an idle wake-up connection

            server.stop();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThatThrownBy(() -> store.enqueue(List.of(job("while-down"))))
                            .isInstanceOf(RedisStoreException.class)
                            .hasMessageContaining("enqueue on " + server.url()));

            server.start(); // same port, empty, and no scripts cached: EVALSHA answers NOSCRIPT
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> store.enqueue(List.of(job("after"))).get(0).created());
            assertThat(store.claim("w", List.of("default"), 10, Duration.ofSeconds(30)))
                    .extracting(c -> c.id()).containsExactly("after");

            // the pub/sub subscription came back
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                store.enqueue(List.of(job("ping-" + System.nanoTime())));
                assertThat(events).anyMatch(e -> e.jobId().startsWith("ping-"));
            });

            // and so did the blocking wake-ups
            store.claim("w", List.of("default"), 100, Duration.ofSeconds(30));
            CompletableFuture<Void> woke = CompletableFuture.runAsync(() -> {
                try {
                    store.awaitWork(List.of("default"), Duration.ofSeconds(20));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertThat(woke).isNotDone();
            store.enqueue(List.of(job("wake")));
            woke.get(5, TimeUnit.SECONDS);
            assertThat(store.get("wake").orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        }
    }
}
