package dev.porter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void readsEachUnitAndWritesTheShortestForm() {
        assertThat(Durations.parse(" 500ms ")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("90m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("1d")).contains(Duration.ofDays(1));
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.format(Duration.ofHours(48))).isEqualTo("2d");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void anythingElseIsEmpty() {
        assertThat(Durations.parse("10")).isEmpty();
        assertThat(Durations.parse("1.5s")).isEmpty();
        assertThat(Durations.parse("PT10S")).isEmpty();
        assertThat(Durations.parse(null)).isEmpty();
    }
}
