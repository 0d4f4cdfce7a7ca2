package dev.porter.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QueueSelectionTest {
    @Test
    void togetherIsOneClaimAcrossAllQueues() {
        assertThat(QueueSelection.parse("a,b,a", false).claimOrder(new SplittableRandom(1)))
                .containsExactly(List.of("a", "b"));
    }

    @Test
    void strictVisitsQueuesInTheGivenOrder() {
        assertThat(QueueSelection.parse("high, low", true).claimOrder(new SplittableRandom(1)))
                .containsExactly(List.of("high"), List.of("low"));
    }

    @Test
    void weightedPutsEachQueueFirstInProportionToItsWeight() {
        QueueSelection s = QueueSelection.parse("critical=6,default=3,low=1", false);
        SplittableRandom random = new SplittableRandom(42);
        int[] first = new int[3];
        List<String> names = List.of("critical", "default", "low");
        for (int i = 0; i < 10_000; i++) {
            List<List<String>> order = s.claimOrder(random);
            assertThat(order).hasSize(3);
            first[names.indexOf(order.get(0).get(0))]++;
        }
        assertThat(first[0]).isBetween(5_700, 6_300);
        assertThat(first[1]).isBetween(2_700, 3_300);
        assertThat(first[2]).isBetween(800, 1_200);
    }

    @Test
    void badSpecsAreExplained() {
        assertThatThrownBy(() -> QueueSelection.parse("a=1,b", false)).hasMessageContaining("every queue a weight or none");
        assertThatThrownBy(() -> QueueSelection.parse("a=x", false)).hasMessageContaining("'a=x'");
        assertThatThrownBy(() -> QueueSelection.parse("a=0", false)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> QueueSelection.parse("a=2", true)).hasMessageContaining("do not mix");
        assertThatThrownBy(() -> QueueSelection.weighted(Map.of())).hasMessageContaining("at least one");
    }
}
