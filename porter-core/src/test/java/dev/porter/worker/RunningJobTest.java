package dev.porter.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porter.spi.ClaimedJob;
import dev.porter.spi.Lease;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunningJobTest {
    private static RunningJob job() {
        return new RunningJob(new ClaimedJob("j", "fn", "null", "default", 0, 1, null, null, null, Instant.EPOCH,
                new Lease("j", "t"), false), 5, null, null);
    }

    @Test
    void aFunctionStartsWhenNothingStoppedIt() {
        RunningJob running = job();
        assertThat(running.handlerStarted(Thread.currentThread())).isTrue();
        running.handlerEnded();
    }

    /** A lease lost (or an abort) while the job waited for its thread: the function must not run at all. */
    @Test
    void aStopThatCameBeforeTheStartKeepsTheFunctionFromRunning() {
        RunningJob running = job();
        running.stop(RunningJob.Stop.LEASE_LOST);
        assertThat(running.handlerStarted(Thread.currentThread())).isFalse();
        assertThat(running.stopReason()).isEqualTo(RunningJob.Stop.LEASE_LOST);
        assertThat(Thread.interrupted()).as("nothing interrupted the caller").isFalse();
    }
}
