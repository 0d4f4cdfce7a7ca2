package dev.porter.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Latencies recorded from many threads, in nanoseconds, read back as milliseconds. */
final class Latencies {
    /**
     * A fixed range, so recording never resizes the histogram: a resize copies its counts inside
     * {@code record}, on the thread being timed (in the latency scenario, a worker's job-start hook),
     * and showed up as stalls of 10 to 20 ms in the measured tail. Longer latencies count as the maximum.
     */
    private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final Histogram histogram = new ConcurrentHistogram(1, MAX_NANOS, 3);

    void record(long nanos) {
        histogram.recordValue(Math.clamp(nanos, 1, MAX_NANOS));
    }

    double percentileMs(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }

    long count() {
        return histogram.getTotalCount();
    }
}
