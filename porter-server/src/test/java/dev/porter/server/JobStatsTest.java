package dev.porter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porter.JobStatus;
import dev.porter.spi.JobEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobStatsTest {
    static final Instant T0 = Instant.parse("2026-11-23T04:00:30Z");

    final JobStats stats = new JobStats();

    void ended(String queue, JobStatus status, Instant at) {
        stats.accept(new JobEvent(JobEvent.Kind.STATE, "j", queue, "f", status, null, null, at));
    }

    @Test
    void countsEndsPerMinuteAndQueueWithZerosBetween() {
        ended("a", JobStatus.COMPLETE, T0);
        ended("a", JobStatus.FAILED, T0.plusSeconds(10));
        ended("b", JobStatus.COMPLETE, T0.plusSeconds(120));
        // Not ends: a try that will be retried goes back to queued, and progress is not a state.
        ended("a", JobStatus.QUEUED, T0);
        stats.accept(new JobEvent(JobEvent.Kind.PROGRESS, "j", "a", "f", JobStatus.COMPLETE, 1.0, null, T0));

        assertThat(stats.minutes(T0.plusSeconds(120), 3, null)).extracting(m -> m.completed() + "/" + m.failed())
                .containsExactly("1/1", "0/0", "1/0");
        assertThat(stats.minutes(T0.plusSeconds(120), 3, "b")).extracting(JobStats.Minute::completed)
                .containsExactly(0L, 0L, 1L);
        assertThat(stats.minutes(T0.plusSeconds(120), 3, null).get(0).at()).isEqualTo("2026-11-23T04:00:00Z");
        assertThat(stats.totals(T0.plusSeconds(120), 3)).containsExactly(
                new JobStats.QueueTotal("a", 1, 1), new JobStats.QueueTotal("b", 1, 0));
        assertThat(stats.totals(T0.plusSeconds(120), 1)).containsExactly(
                new JobStats.QueueTotal("a", 0, 0), new JobStats.QueueTotal("b", 1, 0));
    }

    @Test
    void forgetsMinutesOlderThanAnHour() {
        ended("a", JobStatus.COMPLETE, T0);
        Instant later = T0.plusSeconds(61 * 60);
        ended("a", JobStatus.COMPLETE, later);
        assertThat(stats.totals(later, JobStats.MINUTES)).containsExactly(new JobStats.QueueTotal("a", 1, 0));
        // Asked about T0's own minute: its count was dropped when the later minute came.
        assertThat(stats.totals(T0, 1)).containsExactly(new JobStats.QueueTotal("a", 0, 0));
    }
}
