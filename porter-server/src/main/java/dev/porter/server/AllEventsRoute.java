package dev.porter.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.porter.JobStatus;
import dev.porter.spi.JobEvent;
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
 * {@code GET /events[?queue=]}: a Server-Sent Events stream of every job's state changes and progress
 * (optionally of one queue), as the store pushes them. It never ends by itself.
 *
 * <p>It opens with a {@code ready} event. Events queue up per stream, bounded: a client too slow to
 * keep up gets a {@code gap} event instead of the events it missed, and should re-read what it shows.
 * A store only pushes the events of its own process (SQLite), so a dashboard also re-reads now and then.
 */
final class AllEventsRoute {
    private static final Duration QUIET = Duration.ofSeconds(15);
    static final int BACKLOG = 10_000;

    private final JobEventHub hub;
    private final AtomicLong ids = new AtomicLong();

    AllEventsRoute(JobEventHub hub) {
        this.hub = hub;
    }

    void register(Javalin app) {
        app.get("/events", this::events);
    }

    private void events(Context ctx) throws IOException {
        String queue = ctx.queryParam("queue");
        SseWriter sse = new SseWriter(ctx);
        BlockingQueue<JobEvent> mailbox = new LinkedBlockingQueue<>(BACKLOG);
        Gap gap = new Gap();
        try (AutoCloseable ignored = hub.listenAll(e -> {
            if ((queue == null || queue.equals(e.queue())) && !mailbox.offer(e)) {
                gap.missed = true;
            }
        })) {
            send(sse, "ready", new Ready(queue));
            while (true) {
                JobEvent e = mailbox.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS);
                if (gap.missed && mailbox.isEmpty()) {
                    gap.missed = false;
                    send(sse, "gap", new Ready(queue));
                }
                if (e == null) {
                    sse.comment("keep-alive"); // also notices a client that left
                } else if (e.kind() != JobEvent.Kind.ABORT_REQUESTED) {
                    send(sse, e.kind() == JobEvent.Kind.PROGRESS ? "progress" : "state", JobChange.of(e));
                }
            }
        } catch (IOException e) {
            // the client went away: the stream just ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(SseWriter sse, String name, Object data) throws IOException {
        sse.event(name, Long.toString(ids.incrementAndGet()), WireJson.write(data));
    }

    /** Set by the store's thread when the mailbox was full, read by the stream's. */
    private static final class Gap {
        volatile boolean missed;
    }

    record Ready(String queue) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record JobChange(String id, String queue, String function, JobStatus status, Double progress, String message,
                     Instant at) {
        static JobChange of(JobEvent e) {
            return new JobChange(e.jobId(), e.queue(), e.function(), e.status(), e.progress(), e.message(), e.at());
        }
    }
}
