package dev.porter.redis;

import dev.porter.JobInfo;
import dev.porter.spi.JobPage;
import dev.porter.spi.JobQuery;
import dev.porter.spi.QueueCounts;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The read side: one job by id, listings with cursors, and counts per queue. */
final class JobReader {
    /** Jobs list.lua looks at per call, so a sparse filter never blocks Redis for long. */
    private static final int LIST_SCAN = 2000;

    private final RedisAsyncCommands<String, String> redis;
    private final Calls calls;
    private final Clock clock;

    JobReader(RedisAsyncCommands<String, String> redis, Calls calls, Clock clock) {
        this.redis = redis;
        this.calls = calls;
        this.clock = clock;
    }

    /** The job's queue from the id index, or null for an unknown id. */
    String queueOf(String id) {
        return calls.await(redis.hget(Keys.IDS, id), "find job");
    }

    List<String> queueNames() {
        return calls.await(redis.smembers(Keys.QUEUES), "list queues").stream().sorted().toList();
    }

    Optional<JobInfo> get(String id) {
        String queue = queueOf(id);
        if (queue == null) {
            return Optional.empty();
        }
        return load(queue, List.of(id)).stream().findFirst();
    }

    JobPage list(JobQuery query) {
        ListCursor cursor = ListCursor.parse(query.cursor());
        List<String> queues = query.queue() != null ? List.of(query.queue()) : queueNames();
        String status = query.status() == null ? "" : query.status().wireName();
        String function = query.function() == null ? "" : query.function();
        int wanted = query.limit() + 1; // one more than the page tells whether another page follows
        List<Hit> hits = new ArrayList<>();
        String now = Long.toString(clock.millis());
        for (String queue : queues) {
            long after = cursor == null ? 0 : cursor.after(queue);
            while (after >= 0 && hits.size() < wanted) {
                List<Object> reply = calls.await(Script.LIST.<List<Object>>call(redis, ScriptOutputType.MULTI,
                        new String[] {Keys.queue(queue, "all")}, now, queue, Long.toString(after),
                        Integer.toString(wanted - hits.size()), status, function, Integer.toString(LIST_SCAN)), "list");
                for (int i = 1; i < reply.size(); i += 2) {
                    hits.add(new Hit(queue, JobHash.str(reply.get(i)), Millis.parse(JobHash.str(reply.get(i + 1)))));
                }
                String last = JobHash.str(reply.get(0));
                after = last.isEmpty() ? -1 : Millis.parse(last);
            }
            if (hits.size() >= wanted) {
                break;
            }
        }
        List<Hit> page = hits.subList(0, Math.min(query.limit(), hits.size()));
        Map<String, List<String>> idsByQueue = new LinkedHashMap<>();
        page.forEach(hit -> idsByQueue.computeIfAbsent(hit.queue(), q -> new ArrayList<>()).add(hit.id()));
        List<JobInfo> jobs = new ArrayList<>(page.size());
        idsByQueue.forEach((queue, ids) -> jobs.addAll(load(queue, ids)));
        Hit last = hits.size() > query.limit() ? page.get(page.size() - 1) : null;
        return new JobPage(jobs, last == null ? null : new ListCursor(last.queue(), last.seq()).toString());
    }

    /** A job a listing found: its queue, id and enqueue sequence number. */
    private record Hit(String queue, String id, long seq) {}

    List<QueueCounts> queues() {
        List<String> names = queueNames();
        String now = Long.toString(clock.millis());
        List<CompletableFuture<List<Object>>> replies = names.stream()
                .map(q -> Script.COUNTS.<List<Object>>call(redis, ScriptOutputType.MULTI,
                        new String[] {Keys.queue(q, "queued")}, now, q))
                .toList();
        List<QueueCounts> counts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            long[] n = calls.await(replies.get(i), "count").stream().mapToLong(o -> (Long) o).toArray();
            if (Arrays.stream(n).anyMatch(x -> x > 0)) {
                counts.add(new QueueCounts(names.get(i), n[0], n[1], n[2], n[3], n[4], n[5], n[6] == 1));
            }
        }
        return counts;
    }

    /** The visible jobs among {@code ids} of one queue, in order; HGETALL and LRANGE pipelined. */
    private List<JobInfo> load(String queue, List<String> ids) {
        List<CompletableFuture<Map<String, String>>> hashes = new ArrayList<>();
        List<CompletableFuture<List<String>>> logs = new ArrayList<>();
        List<CompletableFuture<List<String>>> errors = new ArrayList<>();
        for (String id : ids) {
            hashes.add(redis.hgetall(Keys.job(queue, id)).toCompletableFuture());
            logs.add(redis.lrange(Keys.log(queue, id), 0, -1).toCompletableFuture());
            errors.add(redis.lrange(Keys.errors(queue, id), 0, -1).toCompletableFuture());
        }
        Instant now = clock.instant();
        List<JobInfo> jobs = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            Map<String, String> hash = calls.await(hashes.get(i), "get");
            List<String> log = calls.await(logs.get(i), "get log");
            List<String> errs = calls.await(errors.get(i), "get errors");
            JobInfo info = hash.isEmpty() ? null : JobHash.info(ids.get(i), queue, hash, log, errs, now);
            if (info != null) {
                jobs.add(info);
            }
        }
        return jobs;
    }
}
