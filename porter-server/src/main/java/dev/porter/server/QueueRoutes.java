package dev.porter.server;

import dev.porter.spi.JobStore;
import dev.porter.spi.QueueCounts;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code GET /queues} with counts by state, and {@code POST /queues/{q}/pause|resume|retry|purge}, which
 * answer 501 until the store SPI has queue actions.
 */
final class QueueRoutes {
    private final JobStore store;

    QueueRoutes(JobStore store) {
        this.store = store;
    }

    void register(Javalin app) {
        app.get("/queues", this::list);
        app.post("/queues/{queue}/pause", ctx -> notYet(ctx, "pause"));
        app.post("/queues/{queue}/resume", ctx -> notYet(ctx, "resume"));
        app.post("/queues/{queue}/retry", ctx -> notYet(ctx, "retry the jobs of"));
        app.post("/queues/{queue}/purge", ctx -> notYet(ctx, "purge"));
    }

    private void list(Context ctx) {
        List<QueueView> queues = store.queues().stream().map(QueueView::of).toList();
        ctx.json(new QueuesView(queues));
    }

    private static void notYet(Context ctx, String action) {
        throw new ApiException(501, "not-implemented", "Not implemented", "cannot " + action + " queue '"
                + ctx.pathParam("queue") + "': the store interface has no queue actions yet", null);
    }

    record QueueView(String queue, long queued, long deferred, long inProgress, long complete, long failed,
                     long aborted) {
        static QueueView of(QueueCounts c) {
            return new QueueView(c.queue(), c.queued(), c.deferred(), c.inProgress(), c.complete(), c.failed(),
                    c.aborted());
        }
    }

    record QueuesView(List<QueueView> queues) {}
}
