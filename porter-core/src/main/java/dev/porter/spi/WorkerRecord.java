package dev.porter.spi;

import java.time.Instant;
import java.util.List;

/** A worker's health record, written at an interval; a record older than its TTL means the worker is gone. */
public record WorkerRecord(
        String id,
        String host,
        long pid,
        List<String> queues,
        List<String> functions,
        int maxJobs,
        int running,
        long completed,
        long failed,
        Instant startedAt,
        Instant heartbeatAt) {

    public WorkerRecord {
        queues = List.copyOf(queues);
        functions = List.copyOf(functions);
    }
}
