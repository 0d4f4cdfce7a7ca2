package dev.porter.server;

import dev.porter.JobInfo;
import dev.porter.JobNotFoundException;
import dev.porter.PorterClient;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * {@code GET /jobs/{id}/result?wait=30s}: a long-poll that answers as soon as the job ends (200) or,
 * at the deadline, with its current status (202). The wait blocks only the request's virtual
 * thread; the client's watch wakes it on the store's event for the job.
 */
final class ResultRoute {
    static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private final PorterClient client;

    ResultRoute(PorterClient client) {
        this.client = client;
    }

    void register(Javalin app) {
        app.get("/jobs/{id}/result", this::result);
    }

    private void result(Context ctx) throws InterruptedException {
        String id = ctx.pathParam("id");
        String w = ctx.queryParam("wait");
        Duration wait = w == null ? Duration.ZERO : WireValues.duration("wait", w);
        if (wait.compareTo(MAX_WAIT) > 0) {
            throw ApiException.badRequest("wait", "wait may be at most " + MAX_WAIT.toSeconds() + "s, was " + w);
        }
        JobInfo job;
        try {
            job = client.await(id, wait);
        } catch (JobNotFoundException e) {
            throw ApiException.notFound("no job '" + id + "' (unknown, or its result expired)");
        }
        ctx.status(job.status().isTerminal() ? 200 : 202).json(ResultView.of(job));
    }
}
