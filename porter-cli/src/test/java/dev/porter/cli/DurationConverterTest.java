package dev.porter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    @Test
    void readsEveryUnit() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(DurationConverter.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationConverter.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationConverter.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(DurationConverter.parse(" 0s ")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "s", "10x", "1.5s", "-1s", "10 s", "1h30m", "10S"})
    void refusesAnythingElseNamingTheValue(String text) {
        assertThatThrownBy(() -> DurationConverter.parse(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'" + text + "' is not a duration")
                .hasMessageContaining("500ms, 10s, 5m, 2h or 1d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"250ms", "1500ms", "45s", "90m", "3h", "7d"})
    void formatReadsBack(String text) {
        Duration d = DurationConverter.parse(text);
        assertThat(DurationConverter.parse(DurationConverter.format(d))).isEqualTo(d);
    }

    @Test
    void formatPicksTheLargestExactUnit() {
        assertThat(DurationConverter.format(Duration.ofMinutes(120))).isEqualTo("2h");
        assertThat(DurationConverter.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void keepTakesForeverOrADuration() {
        KeepConverter keep = new KeepConverter();
        assertThat(keep.convert("forever")).isEqualTo(dev.porter.JobOptions.FOREVER);
        assertThat(keep.convert("1h")).isEqualTo(Duration.ofHours(1));
    }
}
