package dev.porter.cli;

import dev.porter.examples.Demo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code porter demo}: the HTTP API with a worker serving the examples, a local sample site to scrape
 * and crawl, and an embedded SQLite store. Runs until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs a demo: the HTTP API, a worker serving the examples (scrape, crawl, report, sleep, flaky),",
                "and a local sample site to crawl, on an embedded SQLite store. Prints curl lines to try; Ctrl-C stops it."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "Port of the API (default 8080; 0 picks a free one).")
    int port;

    @Option(names = "--store", paramLabel = "URL", defaultValue = Demo.DEFAULT_STORE,
            description = "Store URL (default " + Demo.DEFAULT_STORE + ").")
    String store;

    @Override
    public Integer call() throws Exception {
        Demo.run(port, store, System.out);
        return 0;
    }
}
