package dev.porter.spi;

/**
 * How many jobs of one queue are in each state (kept finished jobs included until they expire), and
 * whether the queue is paused.
 */
public record QueueCounts(String queue, long queued, long deferred, long inProgress, long complete,
                          long failed, long aborted, boolean paused) {

    public long pending() {
        return queued + deferred;
    }
}
