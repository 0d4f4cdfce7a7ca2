package dev.porter.examples;

import dev.porter.JobContext;
import dev.porter.JobFunction;
import dev.porter.JobOptions;
import dev.porter.JobRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code crawl}: scrapes a list page and enqueues one {@code scrape} job per link it finds.
 *
 * <p>The scrapes of one host share {@link Scrape#PER_HOST}, a rate limit keyed by host, so a crawl
 * of one site runs its scrapes at that rate across all workers. Child ids derive from the crawl's
 * id, so a crawl that is tried again enqueues nothing twice.
 */
public final class Crawl {
    public record Args(String url) {}

    public record Crawled(String url, String title, int links, List<String> jobs) {}

    public static final int MAX_LINKS = 100;

    public static final JobFunction<Args, Crawled> FUNCTION = JobFunction.of("crawl", Args.class, Crawl::crawl)
            .withTimeout(Duration.ofMinutes(1));

    private Crawl() {}

    static Crawled crawl(JobContext ctx, Args a) throws Exception {
        Scrape.Page page = Scrape.scrape(a.url());
        List<String> links = page.links().stream().filter(l -> !l.equals(page.url())).limit(MAX_LINKS).toList();
        List<JobRequest> jobs = new ArrayList<>(links.size());
        for (int i = 0; i < links.size(); i++) {
            jobs.add(new JobRequest(Scrape.FUNCTION.name(), new Scrape.Args(links.get(i)), JobOptions.builder()
                    .id(ctx.jobId() + ":scrape:" + i)
                    .queue(ctx.queue())
                    .build()));
        }
        List<String> ids = ctx.client().enqueueAll(jobs).stream().map(e -> e.id()).toList();
        ctx.progress(1.0, "enqueued " + ids.size() + " scrape jobs");
        return new Crawled(page.url(), page.title(), links.size(), ids);
    }
}
