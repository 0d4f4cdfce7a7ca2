package dev.porter.spi;

/** How many jobs of one queue are in each state (kept finished jobs included until they expire). */
public record QueueCounts(String queue, long queued, long deferred, long inProgress, long complete,
                          long failed, long aborted) {

    public long pending() {
        return queued + deferred;
    }
}
