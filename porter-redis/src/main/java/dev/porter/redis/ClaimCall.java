package dev.porter.redis;

import dev.porter.spi.ClaimedJob;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One call of claim.lua: its arguments, and how to read its reply. Sent on the command connection
 * by {@link RedisJobStore#claim}, or behind a blocking wait on a wake-up connection by
 * {@link RedisJobStore#awaitAndClaim}.
 *
 * @param queues distinct queue names, in the order claim.lua numbers them
 */
record ClaimCall(List<String> queues, String tokenPrefix, String[] keys, String[] args) {

    /**
     * @param now              the store clock's time, in ms
     * @param redisTimeAtNow   the Redis TIME (seconds, microseconds) when {@code now} was read, for a
     *                         claim that runs after a wait; null to take {@code now} as it is
     */
    static ClaimCall of(String workerId, List<String> queues, int max, Duration lease, long now, String[] redisTimeAtNow) {
        String prefix = Tokens.prefix();
        String[] args = new String[7 + queues.size()];
        args[0] = Long.toString(now);
        args[1] = Integer.toString(max);
        args[2] = Long.toString(lease.toMillis());
        args[3] = workerId;
        args[4] = prefix;
        args[5] = redisTimeAtNow == null ? "" : redisTimeAtNow[0];
        args[6] = redisTimeAtNow == null ? "" : redisTimeAtNow[1];
        String[] keys = new String[queues.size()];
        for (int i = 0; i < queues.size(); i++) {
            args[7 + i] = queues.get(i);
            keys[i] = Keys.queue(queues.get(i), "queued");
        }
        return new ClaimCall(queues, prefix, keys, args);
    }

    CompletableFuture<List<Object>> send(RedisAsyncCommands<String, String> redis) {
        return Script.CLAIM.call(redis, ScriptOutputType.MULTI, keys, args);
    }

    /** claim.lua's reply starts with this many values (the drained header), then the jobs. */
    private static final int HEADER = 4;

    List<ClaimedJob> jobs(List<Object> reply) {
        List<ClaimedJob> claimed = new ArrayList<>((reply.size() - HEADER) / JobHash.CLAIM_FIELDS);
        for (int i = HEADER; i < reply.size(); i += JobHash.CLAIM_FIELDS) {
            claimed.add(JobHash.claimed(reply, i, queues, tokenPrefix));
        }
        return claimed;
    }

    /**
     * When the claim took every due job, what a worker needs to go to sleep without asking
     * await.lua first: the next deferred job's due time (-2: none), and the claim's 'now' with the
     * Redis TIME it ran at. Null when due jobs were left.
     */
    Drained drained(List<Object> reply) {
        long nextDue = (Long) reply.get(0);
        if (nextDue == -1) {
            return null;
        }
        return new Drained(queues, nextDue, Long.parseLong((String) reply.get(1)),
                new String[] {(String) reply.get(2), (String) reply.get(3)}, System.nanoTime());
    }

    /** What a claim that took every due job saw; {@code seenAt} is System.nanoTime(). */
    record Drained(List<String> queues, long nextDue, long now, String[] redisTime, long seenAt) {}
}
