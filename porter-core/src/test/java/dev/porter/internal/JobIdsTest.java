package dev.porter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porter.conformance.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobIdsTest {
    @Test
    void idsAreVersion7UuidsThatSortByTheirMillisecond() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
        String first = JobIds.next(clock);
        clock.advance(Duration.ofMillis(1));
        String second = JobIds.next(clock);

        UUID uuid = UUID.fromString(first);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(Instant.parse("2026-11-30T12:00:00Z").toEpochMilli());
        assertThat(first).isLessThan(second);
    }

    @Test
    void idsOfTheSameMillisecondDifferInTheirRandomBits() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
        Set<String> ids = new HashSet<>();
        Set<Long> randA = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = JobIds.next(clock);
            ids.add(id);
            randA.add(UUID.fromString(id).getMostSignificantBits() & 0xFFF);
        }
        assertThat(ids).hasSize(10_000);
        // 10,000 draws of 12 bits cover about 3,740 of the 4,096 values
        assertThat(randA).as("the 12 random bits next to the time are random too").hasSizeGreaterThan(3500);
    }
}
