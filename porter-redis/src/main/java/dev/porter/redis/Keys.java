package dev.porter.redis;

/**
 * Key names. Every key of a queue carries the queue as its hash tag, so each script touches one
 * Redis Cluster slot; the scripts derive job keys the same way (see lua/lib.lua).
 */
final class Keys {
    /** Job id to queue name, so {@link RedisJobStore#get} can find a job by id alone. */
    static final String IDS = "porter:ids";
    /** Names of every queue that ever had a job. */
    static final String QUEUES = "porter:queues";
    /**
     * Pub/sub channel of STATE and PROGRESS events; each message is a JSON array of the events of one
     * script call.
     */
    static final String EVENTS = "porter:events";
    /** Pub/sub channel of ABORT_REQUESTED events only (what workers listen to), same format. */
    static final String ABORTS = "porter:aborts";
    static final String WORKERS = "porter:{workers}";
    static final String WORKERS_ALIVE = "porter:{workers}:alive";

    private Keys() {}

    static String queue(String queue, String name) {
        return "porter:{" + queue + "}:" + name;
    }

    static String job(String queue, String id) {
        return queue(queue, "job:" + id);
    }

    static String log(String queue, String id) {
        return queue(queue, "log:" + id);
    }

    static String marker(String queue) {
        return queue(queue, "marker");
    }

    static String errors(String queue, String id) {
        return queue(queue, "errors:" + id);
    }

    /** Exists while the queue is paused. */
    static String paused(String queue) {
        return queue(queue, "paused");
    }

    /** A rate limiter's state for one key: its theoretical arrival time (GCRA). */
    static String limit(String name, String key) {
        return "porter:limit:{" + name + "}:" + key;
    }
}
