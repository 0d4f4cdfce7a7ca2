package dev.porter.bench;

/**
 * What one benchmark run does.
 *
 * @param storeUrl    the store; null for a fresh SQLite file in a temporary directory
 * @param jobs        how many jobs; null for the scenario's default
 * @param concurrency the worker's maxJobs (for enqueue: client threads); null for the scenario's default
 * @param batch       jobs per enqueue call where the scenario batches
 * @param flush       empty a store that already holds jobs instead of refusing to run on it
 * @param warmup      run the scenario this many times untimed first, in the same process, each on
 *                    a queue of its own: the steady state of a long-running process, after the JIT
 *                    compiled its hot code (0: time a fresh process, JIT warm-up included)
 */
public record BenchConfig(String storeUrl, Scenario scenario, Integer jobs, Integer concurrency, int batch, boolean flush,
                          int warmup) {
    public BenchConfig {
        if (scenario == null) {
            throw new IllegalArgumentException("a scenario is required");
        }
        if (jobs != null && jobs < 1) {
            throw new IllegalArgumentException("--jobs must be at least 1, was " + jobs);
        }
        if (concurrency != null && concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1, was " + concurrency);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, was " + batch);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must not be negative, was " + warmup);
        }
    }

    public int jobCount() {
        return jobs != null ? jobs : scenario.defaultJobs();
    }

    public int concurrencyOr(int fallback) {
        return concurrency != null ? concurrency : fallback;
    }
}
