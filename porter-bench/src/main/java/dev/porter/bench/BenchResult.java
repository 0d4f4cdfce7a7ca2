package dev.porter.bench;

import java.util.Locale;

/**
 * The outcome of one run, printed as one line of {@code key=value} pairs a script can read.
 *
 * @param cpuSeconds CPU time the whole process used meanwhile (all threads, the bench's own included)
 * @param p50Ms median latency of what the scenario times (an enqueue call, a batch, a job's start)
 * @param peakRssMb the process's peak resident memory, or -1 where /proc is missing
 * @param warmup    untimed rounds run before this one in the same process
 */
public record BenchResult(Scenario scenario, String store, int jobs, int concurrency, double seconds,
                          double cpuSeconds, double p50Ms, double p99Ms, long peakRssMb, int warmup) {

    BenchResult(BenchContext bench, int concurrency, Stopwatch.Elapsed timed, Latencies latencies) {
        this(bench.config().scenario(), bench.store().describe(), bench.config().jobCount(), concurrency,
                timed.seconds(), timed.cpuSeconds(), latencies.percentileMs(50), latencies.percentileMs(99),
                PeakRss.megabytes(), bench.config().warmup());
    }

    public double jobsPerSecond() {
        return jobs / seconds;
    }

    public String line() {
        return String.format(Locale.ROOT,
                "scenario=%s store=%s jobs=%d concurrency=%d warmup=%d seconds=%.3f jobs_per_s=%.0f p50_ms=%.3f"
                        + " p99_ms=%.3f cpu_s=%.3f cpu_us_per_job=%.1f peak_rss_mb=%d",
                scenario.wireName(), store, jobs, concurrency, warmup, seconds, jobsPerSecond(), p50Ms, p99Ms,
                cpuSeconds, cpuSeconds * 1e6 / jobs, peakRssMb);
    }
}
