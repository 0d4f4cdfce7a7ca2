package dev.porter.server;

import dev.porter.JobStatus;
import dev.porter.spi.JobEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Jobs that ended complete or failed, per queue and minute, for the last {@link #MINUTES} minutes,
 * counted from the store events this server sees (its own process's, for SQLite). In memory only: a
 * restart starts from zero. A try that fails and is retried is not a failure here; the job's end is.
 */
final class JobStats {
    static final int MINUTES = 60;

    /** queue -> epoch minute -> {completed, failed}; old minutes are dropped as new ones come. */
    private final Map<String, TreeMap<Long, long[]>> byQueue = new TreeMap<>();

    void accept(JobEvent e) {
        if (e.kind() != JobEvent.Kind.STATE || (e.status() != JobStatus.COMPLETE && e.status() != JobStatus.FAILED)) {
            return;
        }
        long minute = e.at().getEpochSecond() / 60;
        synchronized (this) {
            TreeMap<Long, long[]> minutes = byQueue.computeIfAbsent(e.queue(), q -> new TreeMap<>());
            minutes.computeIfAbsent(minute, m -> new long[2])[e.status() == JobStatus.COMPLETE ? 0 : 1]++;
            minutes.headMap(minute - MINUTES).clear();
        }
    }

    /**
     * The last {@code count} minutes up to the one holding {@code now}, oldest first, zeros
     * included, summed over every queue or for one.
     */
    synchronized List<Minute> minutes(Instant now, int count, String queue) {
        long last = now.getEpochSecond() / 60;
        List<Minute> out = new ArrayList<>(count);
        for (long m = last - count + 1; m <= last; m++) {
            long completed = 0;
            long failed = 0;
            for (Map.Entry<String, TreeMap<Long, long[]>> q : byQueue.entrySet()) {
                long[] c = queue == null || queue.equals(q.getKey()) ? q.getValue().get(m) : null;
                if (c != null) {
                    completed += c[0];
                    failed += c[1];
                }
            }
            out.add(new Minute(Instant.ofEpochSecond(m * 60), completed, failed));
        }
        return out;
    }

    /** Totals per queue over the last {@code count} minutes, by queue name. */
    synchronized List<QueueTotal> totals(Instant now, int count) {
        long last = now.getEpochSecond() / 60;
        List<QueueTotal> out = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Long, long[]>> q : byQueue.entrySet()) {
            long completed = 0;
            long failed = 0;
            for (long[] c : q.getValue().subMap(last - count + 1, true, last, true).values()) {
                completed += c[0];
                failed += c[1];
            }
            out.add(new QueueTotal(q.getKey(), completed, failed));
        }
        return out;
    }

    record Minute(Instant at, long completed, long failed) {}

    record QueueTotal(String queue, long completed, long failed) {}
}
