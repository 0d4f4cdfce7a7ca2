package dev.porter.sqlite;

import dev.porter.spi.JobEvent;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process event delivery. Events are handed over after their transaction commits and delivered
 * in commit order on one daemon thread, so a slow or failing listener never holds the database.
 * Changes made by other processes on the same file are not pushed (their workers learn of aborts
 * through {@code renew}).
 */
final class EventBus implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("porter-sqlite-events").factory());

    /** The kinds someone listens to; writers build no events of other kinds (none when nobody listens). */
    private volatile Set<JobEvent.Kind> wanted = Set.of();

    Set<JobEvent.Kind> wanted() {
        return wanted;
    }

    AutoCloseable subscribe(Set<JobEvent.Kind> kinds, Consumer<JobEvent> listener) {
        Subscription subscription = new Subscription(listener,
                kinds.isEmpty() ? EnumSet.noneOf(JobEvent.Kind.class) : EnumSet.copyOf(kinds));
        subscriptions.add(subscription);
        updateWanted();
        return () -> {
            subscriptions.remove(subscription);
            updateWanted();
        };
    }

    private synchronized void updateWanted() {
        EnumSet<JobEvent.Kind> all = EnumSet.noneOf(JobEvent.Kind.class);
        for (Subscription s : subscriptions) {
            all.addAll(s.kinds);
        }
        wanted = all.isEmpty() ? Set.of() : all;
    }

    /** Never throws: it runs after a commit, when the caller's write has already happened. */
    void publish(List<JobEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try {
            dispatcher.execute(() -> deliver(events));
        } catch (RejectedExecutionException closed) {
            // the store is closing; nobody is listening any more
        }
    }

    private void deliver(List<JobEvent> events) {
        for (JobEvent event : events) {
            for (Subscription subscription : subscriptions) {
                if (!subscription.kinds.contains(event.kind())) {
                    continue;
                }
                try {
                    subscription.listener.accept(event);
                } catch (RuntimeException e) {
                    log.warn("event listener {} failed on {}", subscription.listener, event, e);
                }
            }
        }
    }

    @Override
    public void close() {
        subscriptions.clear();
        wanted = Set.of();
        dispatcher.shutdown();
    }

    /** Identity matters: the same listener subscribed twice is two subscriptions. */
    private record Subscription(Consumer<JobEvent> listener, EnumSet<JobEvent.Kind> kinds) {
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
