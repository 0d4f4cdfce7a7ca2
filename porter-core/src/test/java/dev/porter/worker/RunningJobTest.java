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
        assertThat(running.handlerStarted(Thread.currentThread(), Long.MAX_VALUE)).isTrue();
        running.handlerEnded();
    }

    /** A lease lost (or an abort) while the job waited for its thread: the function must not run at all. */
    @Test
    void aStopThatCameBeforeTheStartKeepsTheFunctionFromRunning() {
        RunningJob running = job();
        running.stop(RunningJob.Stop.LEASE_LOST);
        assertThat(running.handlerStarted(Thread.currentThread(), Long.MAX_VALUE)).isFalse();
        assertThat(running.stopReason()).isEqualTo(RunningJob.Stop.LEASE_LOST);
        assertThat(Thread.interrupted()).as("nothing interrupted the caller").isFalse();
    }

    @Test
    void onlyAFunctionStillRunningPastItsDeadlineIsStoppedWithATimeout() {
        RunningJob running = job();
        long start = System.nanoTime();
        assertThat(running.handlerStarted(Thread.currentThread(), start + 1_000)).isTrue();
        running.stopIfOverdue(start);
        assertThat(running.stopReason()).isEqualTo(RunningJob.Stop.NONE);
        running.stopIfOverdue(start + 1_000);
        assertThat(running.stopReason()).isEqualTo(RunningJob.Stop.TIMEOUT);
        assertThat(Thread.interrupted()).as("the function's thread was interrupted").isTrue();
        running.handlerEnded();

        RunningJob ended = job();
        ended.handlerStarted(Thread.currentThread(), start);
        ended.handlerEnded();
        ended.stopIfOverdue(start + 1_000_000);
        assertThat(ended.stopReason()).as("a function that returned is past timing out").isEqualTo(RunningJob.Stop.NONE);
    }
}
