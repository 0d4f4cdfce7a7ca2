package dev.porter.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porter.Enqueued;
import dev.porter.InvalidJobException;
import dev.porter.JobInfo;
import dev.porter.JobOptions;
import dev.porter.JobRequest;
import dev.porter.JobStatus;
import dev.porter.PorterClient;
import dev.porter.spi.JobPage;
import dev.porter.spi.JobQuery;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Creating, reading, listing, aborting, deleting and retrying jobs: {@code /jobs} and {@code /jobs/{id}}. */
final class JobRoutes {
    static final int MAX_BATCH = 1000;

    private final PorterClient client;
    private final EnqueueBatcher batcher;
    private final JobRequestParser parser;
    private final JobChecks checks;
    private final JobMetrics metrics;
    private final int maxBodyBytes;

    JobRoutes(PorterClient client, EnqueueBatcher batcher, JobRequestParser parser, JobChecks checks,
              JobMetrics metrics, int maxBodyBytes) {
        this.client = client;
        this.batcher = batcher;
        this.parser = parser;
        this.checks = checks;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    void register(Javalin app) {
        app.post("/jobs", this::enqueue);
        app.post("/jobs/batch", this::enqueueBatch);
        app.get("/jobs", this::list);
        app.get("/jobs/{id}", this::get);
        app.delete("/jobs/{id}", ctx -> {
            if ("true".equals(ctx.queryParam("purge"))) {
                delete(ctx);
            } else {
                abort(ctx);
            }
        });
        app.post("/jobs/{id}/retry", this::retry);
    }

    private void enqueue(Context ctx) throws InterruptedException {
        String key = ctx.header("Idempotency-Key");
        if (key != null && key.isBlank()) {
            throw ApiException.badRequest("Idempotency-Key", "the Idempotency-Key header is empty");
        }
        JobRequest request = parser.parse(Bodies.json(ctx, maxBodyBytes), "", key);
        checks.check(request, "");
        Enqueued ticket;
        try {
            ticket = batcher.enqueue(request);
        } catch (InvalidJobException e) {
            throw JobChecks.invalid(e, "");
        }
        if (ticket.created()) {
            metrics.enqueued(request.function(), queueOf(request), 1);
        }
        JobInfo job = client.info(ticket.id()).orElse(null);
        ctx.status(ticket.created() ? 202 : 200).header("Location", "/jobs/" + ticket.id());
        if (job == null) {
            // Stored and already gone (finished with a zero keep-result): the ticket is all there is.
            ctx.json(new TicketView(ticket.id(), ticket.created(), ticket.status()));
        } else {
            ctx.json(JobView.of(job, false));
        }
    }

    private void enqueueBatch(Context ctx) {
        JsonNode body = Bodies.json(ctx, maxBodyBytes);
        if (!body.isObject() || !body.path("jobs").isArray()) {
            throw ApiException.badRequest("jobs", "the body must be {\"jobs\": [ ... ]}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("jobs")) {
                throw ApiException.badRequest(name, "unknown field " + name + "; expected [jobs]");
            }
        }
        JsonNode jobs = body.get("jobs");
        if (jobs.isEmpty() || jobs.size() > MAX_BATCH) {
            throw ApiException.badRequest("jobs", "jobs must hold 1 to " + MAX_BATCH + " jobs, held " + jobs.size());
        }
        List<JobRequest> requests = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            JobRequest r = parser.parse(jobs.get(i), "jobs[" + i + "].", null);
            checks.check(r, "jobs[" + i + "].");
            requests.add(r);
        }
        List<Enqueued> tickets;
        try {
            tickets = client.enqueueAll(requests);
        } catch (InvalidJobException e) {
            throw JobChecks.invalid(e, "jobs[].");
        }
        boolean anyCreated = false;
        List<TicketView> out = new ArrayList<>(tickets.size());
        for (int i = 0; i < tickets.size(); i++) {
            Enqueued t = tickets.get(i);
            if (t.created()) {
                anyCreated = true;
                metrics.enqueued(requests.get(i).function(), queueOf(requests.get(i)), 1);
            }
            out.add(new TicketView(t.id(), t.created(), t.status()));
        }
        ctx.status(anyCreated ? 202 : 200).json(new BatchView(out));
    }

    private void get(Context ctx) {
        ctx.json(JobView.of(find(ctx.pathParam("id")), "true".equals(ctx.queryParam("trace"))));
    }

    private void list(Context ctx) {
        String state = ctx.queryParam("state");
        JobStatus status = null;
        if (state != null) {
            try {
                status = JobStatus.fromWire(state);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("state", "state '" + state + "' is not one of queued, deferred, "
                        + "in_progress, complete, failed, aborted");
            }
        }
        int limit = intParam(ctx, "limit", 100);
        JobPage page;
        try {
            page = client.store().list(new JobQuery(ctx.queryParam("queue"), status, ctx.queryParam("function"),
                    ctx.queryParam("cursor"), limit));
        } catch (InvalidJobException e) {
            throw ApiException.badRequest(e.field(), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("cursor", "cursor is not one this server handed out");
        }
        ctx.json(new PageView(page.jobs().stream().map(j -> JobView.of(j, false)).toList(), page.nextCursor()));
    }

    private void abort(Context ctx) {
        String id = ctx.pathParam("id");
        JobStatus after = client.abort(id);
        switch (after) {
            case NOT_FOUND -> throw ApiException.notFound("no job '" + id + "' (unknown, or its result expired)");
            case COMPLETE, FAILED -> throw ApiException.conflict("job '" + id + "' already ended "
                    + after.wireName() + "; there is nothing to abort");
            default -> {
                JobInfo job = find(id);
                // A running job stops when its worker sees the request: accepted, not done yet.
                ctx.status(job.status() == JobStatus.ABORTED ? 200 : 202).json(JobView.of(job, false));
            }
        }
    }

    /** {@code ?purge=true}: removes a job that is not running, with its result, for good. */
    private void delete(Context ctx) {
        String id = ctx.pathParam("id");
        JobInfo job = find(id);
        if (job.status() == JobStatus.IN_PROGRESS) {
            throw ApiException.conflict("job '" + id + "' is running; abort it first, then delete it");
        }
        if (!client.store().delete(id)) {
            // It started or vanished between the read and the delete.
            throw ApiException.conflict("job '" + id + "' could not be deleted; it may have just started");
        }
        ctx.status(204);
    }

    private void retry(Context ctx) {
        String id = ctx.pathParam("id");
        if (!client.retry(id)) {
            JobInfo job = find(id);
            throw ApiException.conflict("job '" + id + "' is " + job.status().wireName()
                    + "; only failed or aborted jobs can be retried");
        }
        ctx.status(202).header("Location", "/jobs/" + id).json(JobView.of(find(id), false));
    }

    private JobInfo find(String id) {
        return client.info(id).orElseThrow(() -> ApiException.notFound("no job '" + id + "' (unknown, or its result expired)"));
    }

    static int intParam(Context ctx, String name, int fallback) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, name + " must be a whole number, was '" + v + "'");
        }
    }

    private static String queueOf(JobRequest r) {
        return r.options().queue() == null ? JobOptions.DEFAULT_QUEUE : r.options().queue();
    }

    /** What an enqueue answers for each job: its id, whether it was new, and its status. */
    record TicketView(String id, boolean created, JobStatus status) {}

    record BatchView(List<TicketView> jobs) {}

    record PageView(List<JobView> jobs, String nextCursor) {}
}
