package dev.porter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porter.JobError;
import dev.porter.JobInfo;
import dev.porter.JobStatus;
import dev.porter.conformance.MutableClock;
import dev.porter.spi.ClaimedJob;
import dev.porter.spi.JobStore;
import dev.porter.spi.NewJob;
import dev.porter.spi.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A job asked to abort while it ran never starts another try, however its worker gives it back. */
class SqliteAbortTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final JobStore store = SqliteJobStore.inMemory(clock);

    @AfterEach
    void close() {
        store.close();
    }

    private ClaimedJob runningAndAskedToAbort() {
        store.enqueue(List.of(new NewJob("a", "send", "{}", "default", 0, clock.instant(), null, null, null, null)));
        ClaimedJob a = store.claim("w", List.of("default"), 1, Duration.ofSeconds(30)).getFirst();
        assertThat(store.abort("a")).isEqualTo(JobStatus.IN_PROGRESS);
        return a;
    }

    @Test
    void releasingItAbortsIt() {
        ClaimedJob a = runningAndAskedToAbort();

        assertThat(store.finish(List.of(new Outcome.Released(a.lease())))).containsExactly(true);

        assertThat(store.get("a")).map(JobInfo::status).hasValue(JobStatus.ABORTED);
        assertThat(store.claim("w", List.of("default"), 1, Duration.ofSeconds(30))).isEmpty();
    }

    @Test
    void retryingItAbortsItAndKeepsTheError() {
        ClaimedJob a = runningAndAskedToAbort();
        JobError error = JobError.of("java.lang.InterruptedException", "stopped");

        store.finish(List.of(new Outcome.Retrying(a.lease(), clock.instant(), error)));

        JobInfo info = store.get("a").orElseThrow();
        assertThat(info.status()).isEqualTo(JobStatus.ABORTED);
        assertThat(info.error()).isEqualTo(error);
        assertThat(store.claim("w", List.of("default"), 1, Duration.ofSeconds(30))).isEmpty();
    }
}
