package dev.porter.redis;

import dev.porter.spi.JobEvent;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the events the scripts publish to this store's listeners. ABORT_REQUESTED events come on
 * their own channel ({@link Keys#ABORTS}), STATE and PROGRESS on {@link Keys#EVENTS}; the hub
 * subscribes only to the channels its listeners' kinds need, so a worker (which wants abort requests
 * only) never receives, let alone parses, the claims and finishes of the whole cluster. A message
 * is parsed only when some listener wants a kind its channel carries. One pub/sub connection,
 * opened with the first listener; Lettuce re-subscribes its channels by itself after a reconnect.
 */
final class EventHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    private static final Set<JobEvent.Kind> ON_ABORTS = EnumSet.of(JobEvent.Kind.ABORT_REQUESTED);

    private record Listener(Set<JobEvent.Kind> kinds, Consumer<JobEvent> consumer) {}

    private final RedisClient client;
    private final Calls calls;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> channels = new HashSet<>();
    private StatefulRedisPubSubConnection<String, String> connection;

    EventHub(RedisClient client, Calls calls) {
        this.client = client;
        this.calls = calls;
    }

    /** The channel that carries events of this kind. */
    static String channelOf(JobEvent.Kind kind) {
        return ON_ABORTS.contains(kind) ? Keys.ABORTS : Keys.EVENTS;
    }

    AutoCloseable subscribe(Set<JobEvent.Kind> kinds, Consumer<JobEvent> listener) {
        Set<JobEvent.Kind> wanted = kinds.isEmpty() ? EnumSet.noneOf(JobEvent.Kind.class) : EnumSet.copyOf(kinds);
        Listener l = new Listener(wanted, listener);
        listeners.add(l);
        try {
            subscribeTo(wanted);
        } catch (RuntimeException e) {
            listeners.remove(l);
            throw e;
        }
        return () -> listeners.remove(l);
    }

    /** Opens the connection once and subscribes to the channels of these kinds not yet subscribed. */
    private synchronized void subscribeTo(Set<JobEvent.Kind> kinds) {
        if (connection == null) {
            StatefulRedisPubSubConnection<String, String> c;
            try {
                c = client.connectPubSub();
            } catch (RuntimeException e) {
                throw new RedisStoreException("cannot open the pub/sub connection: " + e.getMessage(), e);
            }
            c.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    deliver(channel, message);
                }
            });
            connection = c;
        }
        String[] missing = kinds.stream().map(EventHub::channelOf).distinct()
                .filter(ch -> !channels.contains(ch)).toArray(String[]::new);
        if (missing.length > 0) {
            calls.await(connection.async().subscribe(missing), "SUBSCRIBE");
            channels.addAll(List.of(missing));
        }
    }

    private void deliver(String channel, String message) {
        // filter before parsing: nobody (any more) wants what this channel carries
        boolean wanted = false;
        for (Listener l : listeners) {
            for (JobEvent.Kind k : l.kinds()) {
                if (channelOf(k).equals(channel)) {
                    wanted = true;
                    break;
                }
            }
        }
        if (!wanted) {
            return;
        }
        List<JobEvent> events;
        try {
            events = Json.events(message);
        } catch (Exception e) {
            LOG.warn("Ignoring an unreadable event message on {}: {}", channel, message, e);
            return;
        }
        for (JobEvent event : events) {
            for (Listener l : listeners) {
                if (!l.kinds().contains(event.kind())) {
                    continue;
                }
                try {
                    l.consumer().accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("Event listener failed on {}", event, e);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        listeners.clear();
        channels.clear();
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
