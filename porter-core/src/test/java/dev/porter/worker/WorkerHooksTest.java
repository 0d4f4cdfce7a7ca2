package dev.porter.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerHooksTest {
    @Test
    void bothRunsTheFirstThenTheSecondEvenWhenTheFirstFails() {
        List<String> calls = new ArrayList<>();
        WorkerHooks failing = new WorkerHooks() {
            @Override
            public void onStartup(Worker worker) {
                calls.add("first");
                throw new IllegalStateException("first failed");
            }
        };
        WorkerHooks second = new WorkerHooks() {
            @Override
            public void onStartup(Worker worker) {
                calls.add("second");
            }
        };
        assertThatThrownBy(() -> WorkerHooks.both(failing, second).onStartup(null)).hasMessage("first failed");
        assertThat(calls).containsExactly("first", "second");
    }
}
