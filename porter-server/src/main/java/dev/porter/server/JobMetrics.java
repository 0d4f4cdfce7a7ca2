package dev.porter.server;

import dev.porter.JobContext;
import dev.porter.spi.JobStore;
import dev.porter.spi.QueueCounts;
import dev.porter.worker.JobEnd;
import dev.porter.worker.WorkerHooks;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's Prometheus metrics. Enqueues are counted where the API stores them; the life of a
 * job (started, completed, failed, retried, aborted, run time, time spent queued) is counted by the
 * in-process workers through their hooks, so an API-only node reports enqueues and queue depth only.
 * Queue depth is read from the store at each scrape.
 */
final class JobMetrics implements WorkerHooks {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MultiGauge depth = MultiGauge.builder("porter.queue.jobs")
            .description("Jobs in each queue by state").register(registry);
    private final JobStore store;
    private final Clock clock;

    JobMetrics(JobStore store) {
        this.store = store;
        this.clock = store.clock();
    }

    void enqueued(String function, String queue, int count) {
        registry.counter("porter.jobs.enqueued", "function", function, "queue", queue).increment(count);
    }

    @Override
    public void onJobStart(JobContext job) {
        registry.counter("porter.jobs.started", "function", job.function(), "queue", job.queue()).increment();
        if (job.tryNumber() == 1) {
            Duration waited = Duration.between(job.enqueuedAt(), clock.instant());
            timer("porter.job.queue.wait", "Time from enqueue to the first start", job, null)
                    .record(waited.isNegative() ? Duration.ZERO : waited);
        }
    }

    @Override
    public void onJobEnd(JobContext job, JobEnd end) {
        String outcome = switch (end.status()) {
            case COMPLETE -> "completed";
            case FAILED -> "failed";
            case DEFERRED -> "retried";
            case ABORTED -> "aborted";
            default -> null; // handed back at shutdown or lost with its lease: not an end of the job
        };
        if (outcome != null) {
            registry.counter("porter.jobs." + outcome, "function", job.function(), "queue", job.queue()).increment();
            timer("porter.job.duration", "Run time of one try", job, outcome).record(end.duration());
        }
    }

    private Timer timer(String name, String description, JobContext job, String outcome) {
        Timer.Builder b = Timer.builder(name).description(description).publishPercentileHistogram()
                .tags("function", job.function(), "queue", job.queue());
        if (outcome != null) {
            b.tag("outcome", outcome);
        }
        return b.register(registry);
    }

    /** The Prometheus text exposition, with queue depth read now. */
    String scrape() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (QueueCounts c : store.queues()) {
            rows.add(row(c.queue(), "queued", c.queued()));
            rows.add(row(c.queue(), "deferred", c.deferred()));
            rows.add(row(c.queue(), "in_progress", c.inProgress()));
            rows.add(row(c.queue(), "complete", c.complete()));
            rows.add(row(c.queue(), "failed", c.failed()));
            rows.add(row(c.queue(), "aborted", c.aborted()));
        }
        depth.register(rows, true);
        return registry.scrape();
    }

    private static MultiGauge.Row<?> row(String queue, String state, long n) {
        return MultiGauge.Row.of(Tags.of("queue", queue, "state", state), n);
    }
}
