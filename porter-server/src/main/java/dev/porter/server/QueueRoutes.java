package dev.porter.server;

import dev.porter.JobStatus;
import dev.porter.spi.JobStore;
import dev.porter.spi.QueueCounts;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /queues} with counts by state, and the queue actions: {@code POST /queues/{q}/pause},
 * {@code /resume}, {@code /retry?state=failed} (re-queue every dead letter) and
 * {@code /purge?state=failed} (delete every finished job in that state).
 */
final class QueueRoutes {
    private static final Set<JobStatus> RETRYABLE = Set.of(JobStatus.FAILED, JobStatus.ABORTED);
    private static final Set<JobStatus> PURGEABLE = Set.of(JobStatus.COMPLETE, JobStatus.FAILED, JobStatus.ABORTED);

    private final JobStore store;

    QueueRoutes(JobStore store) {
        this.store = store;
    }

    void register(Javalin app) {
        app.get("/queues", this::list);
        app.post("/queues/{queue}/pause", ctx -> pause(ctx, true));
        app.post("/queues/{queue}/resume", ctx -> pause(ctx, false));
        app.post("/queues/{queue}/retry", this::retryAll);
        app.post("/queues/{queue}/purge", this::purge);
    }

    private void list(Context ctx) {
        List<QueueView> queues = store.queues().stream().map(QueueView::of).toList();
        ctx.json(new QueuesView(queues));
    }

    private void pause(Context ctx, boolean paused) {
        String queue = ctx.pathParam("queue");
        store.setPaused(queue, paused);
        // A paused queue is listed even without jobs; a resumed empty one is not.
        ctx.json(store.queues().stream().filter(c -> c.queue().equals(queue)).findFirst().map(QueueView::of)
                .orElse(new QueueView(queue, 0, 0, 0, 0, 0, 0, false)));
    }

    private void retryAll(Context ctx) {
        String queue = ctx.pathParam("queue");
        JobStatus state = state(ctx, RETRYABLE);
        ctx.json(new Retried(queue, state, store.retryAll(queue, state)));
    }

    private void purge(Context ctx) {
        String queue = ctx.pathParam("queue");
        JobStatus state = state(ctx, PURGEABLE);
        ctx.json(new Purged(queue, state, store.purge(queue, state)));
    }

    /** The {@code state} parameter, {@code failed} when absent, one of {@code allowed}. */
    private static JobStatus state(Context ctx, Set<JobStatus> allowed) {
        String v = ctx.queryParam("state");
        JobStatus s;
        try {
            s = v == null ? JobStatus.FAILED : JobStatus.fromWire(v);
        } catch (IllegalArgumentException e) {
            s = null;
        }
        if (s == null || !allowed.contains(s)) {
            throw ApiException.badRequest("state", "state must be one of " + allowed.stream().map(JobStatus::wireName)
                    .sorted().toList() + " here, was '" + v + "'");
        }
        return s;
    }

    record QueueView(String queue, long queued, long deferred, long inProgress, long complete, long failed,
                     long aborted, boolean paused) {
        static QueueView of(QueueCounts c) {
            return new QueueView(c.queue(), c.queued(), c.deferred(), c.inProgress(), c.complete(), c.failed(),
                    c.aborted(), c.paused());
        }
    }

    record QueuesView(List<QueueView> queues) {}

    record Retried(String queue, JobStatus state, int retried) {}

    record Purged(String queue, JobStatus state, int purged) {}
}
