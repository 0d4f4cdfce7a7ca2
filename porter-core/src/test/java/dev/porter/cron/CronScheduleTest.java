package dev.porter.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
    private static final Instant T = Instant.parse("2026-03-10T10:07:30Z");

    @Test
    void fiveFieldsFireOnMinutes() {
        CronSchedule every5 = CronSchedule.parse("*/5 * * * *");
        assertThat(every5.next(T)).contains(Instant.parse("2026-03-10T10:10:00Z"));
        assertThat(every5.previous(T)).contains(Instant.parse("2026-03-10T10:05:00Z"));
    }

    @Test
    void sixFieldsStartWithSeconds() {
        CronSchedule every10s = CronSchedule.parse("*/10 * * * * *");
        assertThat(every10s.next(T)).contains(Instant.parse("2026-03-10T10:07:40Z"));
    }

    @Test
    void anExactTickIsItsOwnPrevious() {
        Instant tick = Instant.parse("2026-03-10T10:05:00Z");
        assertThat(CronSchedule.parse("*/5 * * * *").previous(tick)).contains(tick);
    }

    @Test
    void theTickBeforeAMomentInsideItsMinuteIsTheMinute() {
        assertThat(CronSchedule.parse("* * * * *").previous(Instant.parse("2026-03-10T10:01:02Z")))
                .contains(Instant.parse("2026-03-10T10:01:00Z"));
    }

    @Test
    void aTimeZoneShiftsTheTicks() {
        CronSchedule nineInParis = CronSchedule.parse("0 9 * * *", ZoneId.of("Europe/Paris"));
        assertThat(nineInParis.next(Instant.parse("2026-07-01T00:00:00Z"))).contains(Instant.parse("2026-07-01T07:00:00Z"));
    }

    @Test
    void fieldsBuildTheSameSchedule() {
        CronSchedule s = CronSchedule.fields().minute(0, 30).hour(9).build();
        assertThat(s.next(T)).contains(Instant.parse("2026-03-11T09:00:00Z"));
        assertThat(s.next(Instant.parse("2026-03-11T09:00:00Z"))).contains(Instant.parse("2026-03-11T09:30:00Z"));
    }

    @Test
    void badExpressionsAreNamed() {
        assertThatThrownBy(() -> CronSchedule.parse("* * *")).hasMessageContaining("'* * *'").hasMessageContaining("3 fields");
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *")).hasMessageContaining("'61 * * * *'").hasMessageContaining("invalid");
        assertThatThrownBy(() -> CronSchedule.parse(" ")).hasMessageContaining("required");
    }

    @Test
    void cronJobNamesAreChecked() {
        assertThatThrownBy(() -> CronJob.of("has space", CronSchedule.parse("* * * * *")))
                .hasMessageContaining("has space");
    }
}
