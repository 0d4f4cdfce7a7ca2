package dev.porter.sqlite;

import dev.porter.JobStatus;
import dev.porter.spi.JobEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one write transaction did that others must hear about: events for the listeners and
 * whether waiting workers should look for work. Both are released only after the commit.
 * Also the transaction's one reading of the clock, so every row it touches gets the same time.
 */
final class Changes {
    final long now;
    private final boolean recordEvents;
    private final List<JobEvent> events = new ArrayList<>();
    private boolean wake;

    Changes(long now, boolean recordEvents) {
        this.now = now;
        this.recordEvents = recordEvents;
    }

    void state(String id, String queue, String function, JobStatus status) {
        event(JobEvent.Kind.STATE, id, queue, function, status, null, null);
    }

    void event(JobEvent.Kind kind, String id, String queue, String function, JobStatus status,
               Double progress, String message) {
        if (recordEvents) {
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
