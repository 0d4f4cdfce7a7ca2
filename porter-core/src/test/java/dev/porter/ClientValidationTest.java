package dev.porter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porter.internal.JobIds;
import dev.porter.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientValidationTest {
    @Test
    void malformedJsonArgsNameTheProblemAndPosition() {
        assertThatThrownBy(() -> Json.parse("{\"a\": ", "args"))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> {
                    assertThat(e.field()).isEqualTo("args");
                    assertThat(e.getMessage()).contains("not valid JSON").contains("line 1");
                });
    }

    record Point(int x, int y) {}

    @Test
    void argsThatDoNotFitTheTypeNameTheType() {
        JobFunction<Point, Integer> fn = JobFunction.of("plot", Point.class, (ctx, p) -> p.x());
        assertThatThrownBy(() -> fn.bindArgs("{\"x\": 1, \"z\": 2}"))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("plot").hasMessageContaining("Point");
        assertThat(fn.bindArgs("{\"x\": 1, \"y\": 2}")).isEqualTo(new Point(1, 2));
    }

    @Test
    void generatedIdsAreUniqueUuidV7InTimeOrder() {
        Clock early = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        Clock late = Clock.fixed(Instant.parse("2026-01-01T00:00:01Z"), ZoneOffset.UTC);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(JobIds.next(early));
        }
        assertThat(ids).hasSize(10_000);
        String a = JobIds.next(early);
        String b = JobIds.next(late);
        assertThat(a.compareTo(b)).isNegative();
        assertThat(java.util.UUID.fromString(b).version()).isEqualTo(7);
    }
}
