package dev.porter.cron;

import dev.porter.JobOptions;
import dev.porter.JobRequest;
import dev.porter.PorterClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Enqueues the ticks of a worker's cron jobs as they come due. The rule for missed ticks: a tick is
 * enqueued only while some worker runs; ticks that passed while none did are not replayed, and a
 * scheduler that fell behind (a long pause) enqueues only the latest tick it missed, never a burst.
 */
public final class CronScheduler {
    private final PorterClient client;
    private final Clock clock;
    private final List<CronJob> jobs;
    private final Map<String, Instant> lastTick = new HashMap<>();

    public CronScheduler(PorterClient client, List<CronJob> jobs) {
        this.client = client;
        this.clock = client.store().clock();
        this.jobs = List.copyOf(jobs);
        Instant now = clock.instant();
        for (CronJob job : jobs) {
            lastTick.put(job.name(), job.schedule().previous(now).orElse(now));
        }
    }

    /** Enqueues the startup runs of the jobs that ask for one. */
    public synchronized void startup() {
        Instant now = clock.instant();
        List<JobRequest> requests = new ArrayList<>();
        for (CronJob job : jobs) {
            if (job.runAtStartup()) {
                requests.add(request(job, "cron:" + job.name() + ":startup:" + now.toEpochMilli(), now));
            }
        }
        if (!requests.isEmpty()) {
            client.enqueueAll(requests);
        }
    }

    /** Enqueues every job's latest due tick not yet enqueued by this scheduler. @return how many were new */
    public synchronized int fireDue() {
        Instant now = clock.instant();
        List<JobRequest> requests = new ArrayList<>();
        for (CronJob job : jobs) {
            Optional<Instant> due = job.schedule().previous(now);
            if (due.isPresent() && due.get().isAfter(lastTick.get(job.name()))) {
                lastTick.put(job.name(), due.get());
                requests.add(request(job, tickId(job, due.get()), due.get()));
            }
        }
        if (requests.isEmpty()) {
            return 0;
        }
        return (int) client.enqueueAll(requests).stream().filter(e -> e.created()).count();
    }

    /** How long until the next tick of any job, for the scheduler's sleep. */
    public synchronized Duration untilNextTick() {
        Instant now = clock.instant();
        Instant next = null;
        for (CronJob job : jobs) {
            Instant n = job.schedule().next(now).orElse(null);
            if (n != null && (next == null || n.isBefore(next))) {
                next = n;
            }
        }
        return next == null ? Duration.ofMinutes(1) : Duration.between(now, next);
    }

    public List<CronJob> jobs() {
        return jobs;
    }

    /** The id every worker gives the tick at {@code tick}, which makes the tick run once. */
    public static String tickId(CronJob job, Instant tick) {
        return "cron:" + job.name() + ":" + tick.getEpochSecond();
    }

    private static JobRequest request(CronJob job, String id, Instant runAt) {
        JobOptions o = job.options();
        Duration keep = o.keepResult() != null && o.keepResult().compareTo(CronJob.MIN_KEEP) < 0 ? CronJob.MIN_KEEP : o.keepResult();
        JobOptions tick = o.toBuilder().id(id).deferUntil(runAt).deferBy(null).keepResult(keep).build();
        return new JobRequest(job.function(), job.args(), tick);
    }
}
