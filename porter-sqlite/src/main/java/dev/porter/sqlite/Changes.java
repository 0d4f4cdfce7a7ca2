package dev.porter.sqlite;

import dev.porter.JobStatus;
import dev.porter.spi.JobEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one write transaction did that others must hear about: events for the listeners and
 * whether waiting workers should look for work. Both are released only after the commit.
 * Also the transaction's one reading of the clock, so every row it touches gets the same time.
 */
final class Changes {
    final long now;
    private final Set<JobEvent.Kind> recorded;
    private final List<JobEvent> events = new ArrayList<>();
    private boolean wake;

    /** @param recorded the kinds of events someone listens to; others are not built */
    Changes(long now, Set<JobEvent.Kind> recorded) {
        this.now = now;
        this.recorded = recorded;
    }

    void state(String id, String queue, String function, JobStatus status) {
        event(JobEvent.Kind.STATE, id, queue, function, status, null, null);
    }

    void event(JobEvent.Kind kind, String id, String queue, String function, JobStatus status,
               Double progress, String message) {
        if (!recorded.isEmpty() && recorded.contains(kind)) {
            events.add(new JobEvent(kind, id, queue, function, status, progress, message, Instant.ofEpochMilli(now)));
        }
    }

    /** A job may have become due: wake the waiters of this process. */
    void wake() {
        wake = true;
    }

    void publish(EventBus bus, WakeUpSignal signal) {
        bus.publish(events);
        if (wake) {
            signal.fire();
        }
    }
}
