package dev.porter.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void exponentialDoublesUpToTheCap() {
        Backoff b = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10), 0);
        assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(b.delay(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.delay(500)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void jitterSpreadsDelaysWithinItsBounds() {
        Backoff b = Backoff.exponential(Duration.ofSeconds(8), Duration.ofHours(1), 0.25);
        java.util.Set<Duration> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration d = b.delay(1);
            assertThat(d).isBetween(Duration.ofSeconds(6), Duration.ofSeconds(10));
            seen.add(d);
        }
        assertThat(seen.size()).isGreaterThan(10);
    }
}
