package dev.porter.cron;

import dev.porter.JobOptions;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A function run on a schedule. Every worker that declares it enqueues each tick under the same id,
 * {@code cron:NAME:EPOCH_SECOND}, so the store's id dedup makes each tick run once however many
 * workers there are.
 *
 * @param name         unique among cron jobs; part of each tick's id
 * @param function     the function to run
 * @param args         JSON-able args for every tick
 * @param options      queue, priority, max tries, timeout, keep result of every tick (id and run time are set per tick)
 * @param runAtStartup also enqueue one run when a worker starts
 */
public record CronJob(String name, CronSchedule schedule, String function, Object args, JobOptions options,
                      boolean runAtStartup) {

    /**
     * A tick's keep-result is raised to at least this when its options set a shorter one: a worker
     * whose clock lags fires a tick late, and must still find the earlier run's id to dedup against.
     */
    public static final Duration MIN_KEEP = Duration.ofHours(1);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    public CronJob {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("cron job name '" + name + "' must be 1-100 letters, digits or _ . -");
        }
        if (schedule == null || function == null || function.isBlank()) {
            throw new IllegalArgumentException("cron job '" + name + "' needs a schedule and a function");
        }
        options = options == null ? JobOptions.DEFAULTS : options;
    }

    /** Runs {@code function} with no args on {@code schedule}; the cron job is named after the function. */
    public static CronJob of(String function, CronSchedule schedule) {
        return new CronJob(function, schedule, function, null, JobOptions.DEFAULTS, false);
    }

    public CronJob named(String newName) {
        return new CronJob(newName, schedule, function, args, options, runAtStartup);
    }

    public CronJob withArgs(Object newArgs) {
        return new CronJob(name, schedule, function, newArgs, options, runAtStartup);
    }

    public CronJob withOptions(JobOptions newOptions) {
        return new CronJob(name, schedule, function, args, newOptions, runAtStartup);
    }

    public CronJob runAtStartup(boolean run) {
        return new CronJob(name, schedule, function, args, options, run);
    }
}
