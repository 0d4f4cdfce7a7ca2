package dev.porter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porter.spi.NewJob;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed job is refused before any store sees it, naming the field at fault. */
class NewJobValidationTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    record Bad(String id, String function, String args, String queue, int priority, Integer maxTries, Duration timeout, Duration keep) {
        NewJob build() {
            return new NewJob(id, function, args, queue, priority, NOW, null, maxTries, timeout, keep);
        }
    }

    static Bad ok() {
        return new Bad("id-1", "fn", "{}", "default", 0, null, null, null);
    }

    static Stream<Arguments> badJobs() {
        Bad b = ok();
        return Stream.of(
                Arguments.of(new Bad(null, b.function(), b.args(), b.queue(), 0, null, null, null), "id"),
                Arguments.of(new Bad("", b.function(), b.args(), b.queue(), 0, null, null, null), "id"),
                Arguments.of(new Bad("x".repeat(201), b.function(), b.args(), b.queue(), 0, null, null, null), "id"),
                Arguments.of(new Bad("has space", b.function(), b.args(), b.queue(), 0, null, null, null), "id"),
                Arguments.of(new Bad(b.id(), null, b.args(), b.queue(), 0, null, null, null), "function"),
                Arguments.of(new Bad(b.id(), "bad name!", b.args(), b.queue(), 0, null, null, null), "function"),
                Arguments.of(new Bad(b.id(), b.function(), " ", b.queue(), 0, null, null, null), "args"),
                Arguments.of(new Bad(b.id(), b.function(), b.args(), "{tag}", 0, null, null, null), "queue"),
                Arguments.of(new Bad(b.id(), b.function(), b.args(), "", 0, null, null, null), "queue"),
                Arguments.of(new Bad(b.id(), b.function(), b.args(), b.queue(), 1001, null, null, null), "priority"),
                Arguments.of(new Bad(b.id(), b.function(), b.args(), b.queue(), 0, 0, null, null), "maxTries"),
                Arguments.of(new Bad(b.id(), b.function(), b.args(), b.queue(), 0, null, Duration.ZERO, null), "timeout"),
                Arguments.of(new Bad(b.id(), b.function(), b.args(), b.queue(), 0, null, null, Duration.ofSeconds(-1)), "keepResult"));
    }

    @ParameterizedTest
    @MethodSource("badJobs")
    void refusesAndNamesTheField(Bad bad, String field) {
        assertThatThrownBy(bad::build).isInstanceOfSatisfying(InvalidJobException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void acceptsAWellFormedJob() {
        assertThat(ok().build().id()).isEqualTo("id-1");
    }

    @Test
    void keepUntilIsNullForeverAndOtherwiseFinishPlusKeep() {
        assertThat(JobOptions.keepUntil(NOW, JobOptions.FOREVER)).isNull();
        assertThat(JobOptions.keepUntil(NOW, Duration.ofHours(1))).isEqualTo(NOW.plusSeconds(3600));
    }
}
