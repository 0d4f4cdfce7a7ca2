package dev.porter.redis;

import dev.porter.spi.JobEvent;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the events the scripts publish to this store's listeners. One pub/sub connection,
 * opened with the first listener; Lettuce re-subscribes it by itself after a reconnect.
 */
final class EventHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

    private final RedisClient client;
    private final Calls calls;
    private final List<Consumer<JobEvent>> listeners = new CopyOnWriteArrayList<>();
    private StatefulRedisPubSubConnection<String, String> connection;

    EventHub(RedisClient client, Calls calls) {
        this.client = client;
        this.calls = calls;
    }

    AutoCloseable subscribe(Consumer<JobEvent> listener) {
        connectOnce();
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private synchronized void connectOnce() {
        if (connection != null) {
            return;
        }
        StatefulRedisPubSubConnection<String, String> c;
        try {
            c = client.connectPubSub();
        } catch (RuntimeException e) {
            throw new RedisStoreException("cannot open the pub/sub connection: " + e.getMessage(), e);
        }
        c.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                deliver(message);
            }
        });
        calls.await(c.async().subscribe(Keys.EVENTS), "SUBSCRIBE");
        connection = c;
    }

    private void deliver(String message) {
        List<JobEvent> events;
        try {
            events = Json.events(message);
        } catch (Exception e) {
            LOG.warn("Ignoring an unreadable event message on {}: {}", Keys.EVENTS, message, e);
            return;
        }
        for (JobEvent event : events) {
            for (Consumer<JobEvent> listener : listeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("Event listener failed on {}", event, e);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        listeners.clear();
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
