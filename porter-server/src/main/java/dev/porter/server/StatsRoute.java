package dev.porter.server;

import dev.porter.spi.JobStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;

/** {@code GET /stats?minutes=15&queue=}: jobs completed and failed per minute, from {@link JobStats}. */
final class StatsRoute {
    private final JobStore store;
    private final JobStats stats;

    StatsRoute(JobStore store, JobStats stats) {
        this.store = store;
        this.stats = stats;
    }

    void register(Javalin app) {
        app.get("/stats", this::stats);
    }

    private void stats(Context ctx) {
        int minutes = JobRoutes.intParam(ctx, "minutes", 15);
        if (minutes < 1 || minutes > JobStats.MINUTES) {
            throw ApiException.badRequest("minutes", "minutes must be 1 to " + JobStats.MINUTES + ", was " + minutes);
        }
        var now = store.clock().instant();
        ctx.json(new StatsView(stats.minutes(now, minutes, ctx.queryParam("queue")), stats.totals(now, minutes)));
    }

    record StatsView(List<JobStats.Minute> minutes, List<JobStats.QueueTotal> queues) {}
}
