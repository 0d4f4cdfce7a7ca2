package dev.porter.server;

import dev.porter.JobInfo;
import dev.porter.JobStatus;
import dev.porter.spi.JobEvent;
import dev.porter.spi.JobStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /jobs/{id}/events}: a Server-Sent Events stream of one job's state changes and progress,
 * as the store pushes them, ending after the terminal event.
 *
 * <p>Every (re)connection starts with the job's current state, read after the stream is listening,
 * so no change falls between the read and the first pushed event; a client reconnecting with
 * Last-Event-ID after the job ended gets the terminal state and the stream closes. While quiet, the
 * stream re-reads the job every few seconds: that sends a keep-alive (which also notices a client
 * that left) and covers a worker in another process whose events cannot reach this one (SQLite).
 */
final class EventRoute {
    private static final Duration QUIET = Duration.ofSeconds(3);

    private final JobStore store;
    private final JobEventHub hub;
    private final AtomicLong ids = new AtomicLong();

    EventRoute(JobStore store, JobEventHub hub) {
        this.store = store;
        this.hub = hub;
    }

    void register(Javalin app) {
        app.get("/jobs/{id}/events", this::events);
    }

    private void events(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        if (store.get(id).isEmpty()) {
            throw ApiException.notFound("no job '" + id + "' (unknown, or its result expired)");
        }
        // The check above runs before the stream starts, so an unknown id still gets a plain 404.
        // The request runs on a virtual thread: blocking here until the job ends costs no platform thread.
        SseWriter sse = new SseWriter(ctx);
        BlockingQueue<JobEvent> mailbox = new LinkedBlockingQueue<>();
        try (AutoCloseable ignored = hub.listen(id, mailbox::offer)) {
            stream(id, sse, mailbox);
        } catch (IOException e) {
            // the client went away: the stream just ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void stream(String id, SseWriter sse, BlockingQueue<JobEvent> mailbox) throws IOException, InterruptedException {
        Snapshot last = null;
        while (true) {
            JobEvent event = last == null ? null : mailbox.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                // First pass, or quiet for a while: send the stored state if it changed.
                JobInfo job = store.get(id).orElse(null);
                if (job == null) {
                    send(sse, "state", new EventView(id, JobStatus.NOT_FOUND, null, null, Instant.now()));
                    return;
                }
                Snapshot now = new Snapshot(job.status(), job.progress());
                if (!now.equals(last)) {
                    send(sse, "state", EventView.of(job));
                    last = now;
                } else {
                    sse.comment("keep-alive");
                }
                if (job.status().isTerminal()) {
                    return;
                }
            } else if (event.kind() == JobEvent.Kind.PROGRESS) {
                send(sse, "progress", new EventView(id, event.status(), event.progress(), event.message(), event.at()));
                last = new Snapshot(event.status(), event.progress());
            } else if (event.kind() == JobEvent.Kind.STATE) {
                if (event.status().isTerminal()) {
                    // The terminal state goes out with the stored job (result or error included).
                    JobInfo job = store.get(id).orElse(null);
                    send(sse, "state", job == null
                            ? new EventView(id, event.status(), null, event.message(), event.at()) : EventView.of(job));
                    return;
                }
                send(sse, "state", new EventView(id, event.status(), null, event.message(), event.at()));
                last = new Snapshot(event.status(), last.progress());
            }
        }
    }

    private void send(SseWriter sse, String name, Object data) throws IOException {
        sse.event(name, Long.toString(ids.incrementAndGet()), WireJson.write(data));
    }

    private record Snapshot(JobStatus status, Double progress) {}
}
