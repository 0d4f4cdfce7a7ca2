package dev.porter.cli;

import dev.porter.PorterClient;
import dev.porter.spi.JobStore;
import dev.porter.spi.JobStores;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code --store} option every command that talks to a store mixes in. */
final class StoreOption {
    static final String DEFAULT = "sqlite:./porter.db";

    @Option(names = "--store", paramLabel = "URL", defaultValue = "${env:PORTER_STORE:-" + DEFAULT + "}",
            description = "Store URL: sqlite:PATH or redis://host:port/db (default: $PORTER_STORE, else " + DEFAULT + ").")
    String url;

    JobStore open() {
        return JobStores.open(url);
    }

    /**
     * A client that re-reads a waited-for job often: the worker usually runs in another process, whose
     * events an SQLite store cannot deliver here.
     */
    static PorterClient client(JobStore store) {
        return PorterClient.builder(store).pollInterval(Duration.ofMillis(50)).build();
    }
}
