package dev.porter.examples;

import dev.porter.JobFunction;
import dev.porter.worker.PorterApp;
import dev.porter.worker.Worker;
import java.util.List;

/**
 * The example functions: {@code scrape}, {@code crawl}, {@code report}, {@code sleep}, {@code flaky}.
 * Also a {@link PorterApp}, so {@code porter worker --app dev.porter.examples.Examples} serves them.
 */
public final class Examples implements PorterApp {
    public static List<JobFunction<?, ?>> functions() {
        return List.of(Scrape.FUNCTION, Crawl.FUNCTION, Report.FUNCTION, Sleep.FUNCTION, Flaky.FUNCTION);
    }

    @Override
    public void configure(Worker.Builder worker) {
        worker.functions(functions());
    }
}
