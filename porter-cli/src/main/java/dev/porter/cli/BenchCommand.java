package dev.porter.cli;

import dev.porter.bench.Bench;
import dev.porter.bench.BenchConfig;
import dev.porter.bench.BenchResult;
import dev.porter.bench.Scenario;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks a store.",
                "Scenarios: enqueue (one job per call), enqueue-batch (--batch jobs per call), process (one worker "
                        + "drains a backlog of no-op jobs), latency (enqueue to start, on an idle worker), sleep "
                        + "(jobs sleeping 1 s, all at once).",
                "Progress lines and the time spent in each store call go to stderr, then one line to stdout: "
                        + "scenario=... store=... jobs=... concurrency=... warmup=... seconds=... jobs_per_s=... p50_ms=... "
                        + "p99_ms=... cpu_s=... cpu_us_per_job=... peak_rss_mb=..."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--store", paramLabel = "URL",
            description = "The store (default: a fresh SQLite file in a temporary directory, deleted after).")
    String store;

    @Option(names = "--scenario", required = true, paramLabel = "NAME", converter = ScenarioConverter.class,
            description = "enqueue, enqueue-batch, process, latency or sleep.")
    Scenario scenario;

    @Option(names = "--jobs", paramLabel = "N", description = "How many jobs (default: the scenario's).")
    Integer jobs;

    @Option(names = "--concurrency", paramLabel = "C",
            description = "The worker's max jobs (process: 1000, latency: 10, sleep: the job count); for enqueue, callers at once (1).")
    Integer concurrency;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000", description = "Jobs per enqueue call in enqueue-batch (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--flush", description = "Delete every job of a store that is not empty, instead of refusing it.")
    boolean flush;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "0",
            description = "Run the scenario N times untimed first, in the same process, each on a queue of its own: "
                    + "the steady state of a long-running process rather than a fresh JVM's warm-up (default ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() throws InterruptedException {
        BenchResult result = Bench.run(new BenchConfig(store, scenario, jobs, concurrency, batch, flush, warmup), System.err);
        System.out.println(result.line());
        return 0;
    }

    static final class ScenarioConverter implements ITypeConverter<Scenario> {
        @Override
        public Scenario convert(String name) {
            try {
                return Scenario.fromWire(name);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
