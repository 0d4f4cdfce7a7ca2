package dev.porter.bench;

import java.util.Locale;

/** The benchmarks, each with the job count it runs by default. */
public enum Scenario {
    /** Enqueue one job at a time, each call awaited. */
    ENQUEUE(20_000, EnqueueScenario::run),
    /** Enqueue in batches of {@code --batch}. */
    ENQUEUE_BATCH(200_000, EnqueueBatchScenario::run),
    /** Fill a backlog of no-op jobs, then time one worker draining it. */
    PROCESS(50_000, DrainScenario::process),
    /** An idle worker; jobs enqueued ~2 ms apart; enqueue-to-start latency. */
    LATENCY(2_000, LatencyScenario::run),
    /** Jobs that each sleep 1 s, all at once on one worker (maxJobs = jobs): wall time and memory. */
    SLEEP(10_000, DrainScenario::sleep);

    private final int defaultJobs;
    private final Runner runner;

    Scenario(int defaultJobs, Runner runner) {
        this.defaultJobs = defaultJobs;
        this.runner = runner;
    }

    interface Runner {
        BenchResult run(BenchContext bench) throws InterruptedException;
    }

    public int defaultJobs() {
        return defaultJobs;
    }

    BenchResult run(BenchContext bench) throws InterruptedException {
        return runner.run(bench);
    }

    /** The name used on the command line and in the result line, e.g. {@code enqueue-batch}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Scenario fromWire(String name) {
        for (Scenario s : values()) {
            if (s.wireName().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "'; use one of enqueue, enqueue-batch, process, latency, sleep");
    }
}
