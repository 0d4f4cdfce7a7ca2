package dev.porter;

import java.time.Duration;
import java.time.Instant;

/**
 * How to run one job. Every field is optional: {@code null} means "use the function's default, else
 * the worker's". Build with {@link #builder()}; {@link #DEFAULTS} is an empty set.
 *
 * @param id         the job id; generated (time-ordered UUIDv7) when null. An existing id creates nothing.
 * @param queue      the queue; {@value #DEFAULT_QUEUE} when null
 * @param priority   higher runs first within a queue; equal priorities run in enqueue order
 * @param runAt      do not start before this instant (wins over {@code deferBy})
 * @param deferBy    do not start before now + this
 * @param expiresAt  if not started by then, never run (fails with {@link JobError#EXPIRED})
 * @param maxTries   tries before the job fails for good
 * @param timeout    a try running longer is interrupted and fails with {@link JobError#TIMEOUT}
 * @param keepResult how long the finished job and its result stay readable; {@link #FOREVER} keeps it
 * @param uniqueFor  at most one job per window of this length for the same function and args (or
 *                   {@code uniqueKey}): later ones in the window get the first one's ticket
 * @param uniqueKey  what makes jobs "the same" for {@code uniqueFor}, instead of function + args
 */
public record JobOptions(
        String id,
        String queue,
        int priority,
        Instant runAt,
        Duration deferBy,
        Instant expiresAt,
        Integer maxTries,
        Duration timeout,
        Duration keepResult,
        Duration uniqueFor,
        String uniqueKey) {

    public static final String DEFAULT_QUEUE = "default";
    /** A keep-result that never expires. */
    public static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    public static final JobOptions DEFAULTS = builder().build();
    public static final int MIN_PRIORITY = -1000;
    public static final int MAX_PRIORITY = 1000;

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.queue = queue;
        b.priority = priority;
        b.runAt = runAt;
        b.deferBy = deferBy;
        b.expiresAt = expiresAt;
        b.maxTries = maxTries;
        b.timeout = timeout;
        b.keepResult = keepResult;
        b.uniqueFor = uniqueFor;
        b.uniqueKey = uniqueKey;
        return b;
    }

    /** The instant a finished job expires, given when it finished and its keep-result; null = never. */
    public static Instant keepUntil(Instant finishedAt, Duration keep) {
        if (keep == null || keep.equals(FOREVER)) {
            return null;
        }
        try {
            return finishedAt.plus(keep);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return null;
        }
    }

    public static final class Builder {
        private String id;
        private String queue;
        private int priority;
        private Instant runAt;
        private Duration deferBy;
        private Instant expiresAt;
        private Integer maxTries;
        private Duration timeout;
        private Duration keepResult;
        private Duration uniqueFor;
        private String uniqueKey;

        private Builder() {}

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder queue(String queue) {
            this.queue = queue;
            return this;
        }

        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        public Builder deferUntil(Instant runAt) {
            this.runAt = runAt;
            return this;
        }

        public Builder deferBy(Duration deferBy) {
            this.deferBy = deferBy;
            return this;
        }

        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public Builder maxTries(int maxTries) {
            this.maxTries = maxTries;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder keepResult(Duration keepResult) {
            this.keepResult = keepResult;
            return this;
        }

        public Builder keepForever() {
            this.keepResult = FOREVER;
            return this;
        }

        /**
         * At most one job per {@code window} for the same function and args: enqueueing the same
         * refresh every second with a one-minute window creates one job a minute. Windows are aligned
         * to the epoch; the job is kept at least one window so the rule holds after it finishes.
         */
        public Builder uniqueFor(Duration window) {
            this.uniqueFor = window;
            return this;
        }

        /** Jobs with this key are "the same" for {@link #uniqueFor}, whatever their function and args. */
        public Builder uniqueKey(String key) {
            this.uniqueKey = key;
            return this;
        }

        public JobOptions build() {
            return new JobOptions(id, queue, priority, runAt, deferBy, expiresAt, maxTries, timeout, keepResult,
                    uniqueFor, uniqueKey);
        }
    }
}
