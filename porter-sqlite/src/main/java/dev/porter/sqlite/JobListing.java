package dev.porter.sqlite;

import dev.porter.InvalidJobException;
import dev.porter.JobInfo;
import dev.porter.JobStatus;
import dev.porter.spi.JobPage;
import dev.porter.spi.JobQuery;
import dev.porter.spi.QueueCounts;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Listings and counts, each one statement (one snapshot without an explicit transaction). Both derive the public status from the stored state and the clock
 * ({@code ?1} is always now), and leave out finished jobs past their keep-until.
 * Listings run newest first; the cursor is the last row's {@code seq}, so paging is stable
 * while new jobs arrive.
 */
final class JobListing {
    private static final String KEPT = "(keep_until IS NULL OR keep_until > ?1)";
    // Counts read each state from its own partial index: queued and deferred jobs (the big backlogs)
    // are counted from the index alone, without reading a row. Columns: queue, state, count.
    private static final String COUNTS = """
            SELECT queue, 'queued', count(*) FROM jobs INDEXED BY jobs_claim WHERE state = 'queued' GROUP BY queue
            UNION ALL
            SELECT queue, iif(run_at <= ?1, 'queued', 'deferred'), count(*) FROM jobs INDEXED BY jobs_deferred
            WHERE state = 'deferred' GROUP BY queue, run_at <= ?1
            UNION ALL
            SELECT queue, 'running', count(*) FROM jobs INDEXED BY jobs_leases WHERE state = 'running' GROUP BY queue
            UNION ALL
            SELECT queue, state, count(*) FROM jobs INDEXED BY jobs_finished
            WHERE finished_at IS NOT NULL AND %s GROUP BY queue, state
            UNION ALL
            SELECT queue, 'paused', 0 FROM paused_queues""".formatted(KEPT);

    private final Database db;

    JobListing(Database db) {
        this.db = db;
    }

    JobPage list(JobQuery query, long now) {
        if (query.status() == JobStatus.NOT_FOUND) {
            return new JobPage(List.of(), null);
        }
        Long cursor = parseCursor(query.cursor());
        StringBuilder sql = new StringBuilder("SELECT *, ").append(Rows.HISTORY).append(" FROM jobs WHERE ").append(KEPT);
        List<Object> params = new ArrayList<>();
        if (query.queue() != null) {
            sql.append(" AND queue = ?");
            params.add(query.queue());
        }
        if (query.status() != null) {
            sql.append(" AND ").append(statusFilter(query.status()));
        }
        if (query.function() != null) {
            sql.append(" AND function = ?");
            params.add(query.function());
        }
        if (cursor != null) {
            sql.append(" AND seq < ?");
            params.add(cursor);
        }
        sql.append(" ORDER BY seq DESC LIMIT ?");
        params.add(query.limit() + 1);

        return db.read(statements -> {
            PreparedStatement ps = statements.prepare(sql.toString());
            ps.setLong(1, now);
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 2, params.get(i));
            }
            List<JobInfo> jobs = new ArrayList<>();
            List<Long> seqs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong("seq"));
                    jobs.add(Rows.info(rs, now));
                }
            }
            boolean more = jobs.size() > query.limit();
            int size = Math.min(jobs.size(), query.limit());
            List<JobInfo> page = List.copyOf(jobs.subList(0, size));
            return new JobPage(page, more ? Long.toString(seqs.get(size - 1)) : null);
        });
    }

    private static String statusFilter(JobStatus status) {
        return switch (status) {
            case QUEUED -> "(state = 'queued' OR (state = 'deferred' AND run_at <= ?1))";
            case DEFERRED -> "state = 'deferred' AND run_at > ?1";
            case IN_PROGRESS -> "state = 'running'";
            case COMPLETE -> "state = 'complete' AND finished_at IS NOT NULL";
            case FAILED -> "state = 'failed' AND finished_at IS NOT NULL";
            case ABORTED -> "state = 'aborted' AND finished_at IS NOT NULL";
            case NOT_FOUND -> throw new IllegalArgumentException("not_found lists nothing");
        };
    }

    private static Long parseCursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new InvalidJobException("cursor", "'" + cursor + "' is not a cursor from a previous page");
        }
    }

    List<QueueCounts> queues(long now) {
        return db.read(statements -> {
            PreparedStatement ps = statements.prepare(COUNTS);
            ps.setLong(1, now);
            Map<String, Map<StoredState, Long>> byQueue = new TreeMap<>();
            Set<String> paused = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<StoredState, Long> counts =
                            byQueue.computeIfAbsent(rs.getString(1), q -> new EnumMap<>(StoredState.class));
                    if (rs.getString(2).equals("paused")) {
                        paused.add(rs.getString(1));
                    } else {
                        counts.merge(StoredState.of(rs.getString(2)), rs.getLong(3), Long::sum);
                    }
                }
            }
            List<QueueCounts> counts = new ArrayList<>(byQueue.size());
            byQueue.forEach((queue, n) -> counts.add(new QueueCounts(queue,
                    n.getOrDefault(StoredState.QUEUED, 0L), n.getOrDefault(StoredState.DEFERRED, 0L),
                    n.getOrDefault(StoredState.RUNNING, 0L), n.getOrDefault(StoredState.COMPLETE, 0L),
                    n.getOrDefault(StoredState.FAILED, 0L), n.getOrDefault(StoredState.ABORTED, 0L),
                    paused.contains(queue))));
            return counts;
        });
    }
}
