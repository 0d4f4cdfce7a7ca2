package dev.porter.worker;

import dev.porter.InvalidJobException;
import dev.porter.JobError;
import dev.porter.JobFunction;
import dev.porter.JobOptions;
import dev.porter.JobStatus;
import dev.porter.PermanentFailure;
import dev.porter.PorterClient;
import dev.porter.Retry;
import dev.porter.cron.CronJob;
import dev.porter.cron.CronScheduler;
import dev.porter.json.Json;
import dev.porter.spi.ClaimedJob;
import dev.porter.spi.JobEvent;
import dev.porter.spi.JobStore;
import dev.porter.spi.Lease;
import dev.porter.spi.Outcome;
import dev.porter.spi.QueueCounts;
import dev.porter.spi.RenewResult;
import dev.porter.spi.WorkerRecord;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims jobs from a store and runs them, each on its own virtual thread, at most {@code maxJobs} at
 * once. It holds every job by a lease it renews in one batched call; a job it cannot finish (crash,
 * lost lease) is re-queued by any worker's reaper and runs again. Build with {@link #builder}.
 *
 * <pre>{@code
 * Worker worker = Worker.builder(store).function(resize).maxJobs(50).build();
 * worker.start();   // or run() to block until stopped
 * ...
 * worker.close();   // graceful: finish running jobs within the grace period, hand back the rest
 * }</pre>
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    /** How often running functions are checked against their timeouts: a timeout fires up to this late. */
    private static final long TIMEOUT_CHECK_MS = 25;

    private final JobStore store;
    private final Clock clock;
    private final Settings settings;
    private final Map<String, JobFunction<?, ?>> functions;
    private final List<CronJob> cronJobs;
    private final String id;
    private final PorterClient client;
    private final Semaphore slots;
    private final Map<String, RunningJob> holding = new ConcurrentHashMap<>();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Instant startedAt;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Object waitLock = new Object();
    private final java.util.random.RandomGenerator random = new java.util.SplittableRandom();

    private volatile boolean stopping;
    private boolean interruptible;
    private Thread dispatcher;
    private OutcomeWriter writer;
    private ScheduledExecutorService timers;
    private AutoCloseable subscription;

    private Worker(Builder b) {
        this.store = b.store;
        this.clock = b.store.clock();
        this.settings = b.settings();
        this.functions = Map.copyOf(b.functions);
        this.cronJobs = List.copyOf(b.cronJobs.values());
        this.id = b.id != null ? b.id : defaultId();
        this.client = PorterClient.create(store);
        this.slots = new Semaphore(settings.maxJobs());
        this.startedAt = clock.instant();
    }

    public static Builder builder(JobStore store) {
        return new Builder(store);
    }

    public String id() {
        return id;
    }

    public Settings settings() {
        return settings;
    }

    public List<CronJob> cronJobs() {
        return cronJobs;
    }

    /** The functions this worker serves, by name. */
    public Map<String, JobFunction<?, ?>> functions() {
        return functions;
    }

    public List<String> functionNames() {
        return functions.keySet().stream().sorted().toList();
    }

    /** Jobs this worker holds now (running, or finished and not yet written). */
    public int running() {
        return holding.size();
    }

    /** Starts the worker's threads and returns. */
    public synchronized Worker start() {
        if (dispatcher != null) {
            throw new IllegalStateException("worker " + id + " already started");
        }
        runHook("startup", () -> settings.hooks().onStartup(this));
        writer = new OutcomeWriter(store, "porter-writer-" + id, this::written);
        ScheduledThreadPoolExecutor timerPool = new ScheduledThreadPoolExecutor(1,
                r -> Thread.ofPlatform().daemon().name("porter-timers-" + id).unstarted(r));
        timers = timerPool;
        subscription = store.subscribe(java.util.EnumSet.of(JobEvent.Kind.ABORT_REQUESTED), this::onEvent);
        long renewMs = Math.max(50, settings.lease().toMillis() / 3);
        timers.scheduleWithFixedDelay(this::keepLeases, renewMs, renewMs, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::reap, 0, Math.min(renewMs, 1000), TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::writeHealth, 0, settings.healthInterval().toMillis(), TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::purge, 1, 60, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(this::stopOverdue, TIMEOUT_CHECK_MS, TIMEOUT_CHECK_MS, TimeUnit.MILLISECONDS);
        dispatcher = Thread.ofPlatform().name("porter-dispatcher-" + id).start(this::dispatch);
        if (!cronJobs.isEmpty()) {
            Thread.ofPlatform().daemon().name("porter-cron-" + id).start(this::runCron);
        }
        log.info("worker {} started: store={} queues={} functions={} maxJobs={}", id, store.describe(),
                settings.queues(), functionNames(), settings.maxJobs());
        return this;
    }

    /** Starts (if needed) and blocks until the worker stopped: {@link #stop}, or burst mode ran dry. */
    public void run() throws InterruptedException {
        synchronized (this) {
            if (dispatcher == null) {
                start();
            }
        }
        terminated.await();
    }

    /** Starts a graceful stop and returns at once; {@link #awaitTermination} waits for it. */
    public void stop() {
        stopping = true;
        synchronized (waitLock) {
            if (interruptible && dispatcher != null) {
                dispatcher.interrupt();
            }
        }
    }

    public boolean awaitTermination(Duration wait) throws InterruptedException {
        return terminated.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops gracefully and waits: running jobs get the grace period, the rest are handed back. */
    @Override
    public void close() {
        stop();
        synchronized (this) {
            if (dispatcher == null) {
                return;
            }
        }
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the claim loop -------------------------------------------------------------------

    private void dispatch() {
        long storeRetry = 100;
        boolean drained = false; // the last claim got fewer jobs than it asked for: nothing else was due
        try {
            while (!stopping) {
                if (drained) {
                    if (settings.burst() && holding.isEmpty() && nothingPending()) {
                        log.info("worker {}: burst mode and the queues are empty; stopping", id);
                        break;
                    }
                    drained = waitForWork();
                    continue;
                }
                if (!waitInterruptibly(slots::acquire)) {
                    break;
                }
                int free = 1 + slots.drainPermits();
                int asked = Math.min(free, settings.claimBatch());
                List<ClaimedJob> claimed;
                try {
                    claimed = claim(asked);
                    storeRetry = 100;
                } catch (RuntimeException e) {
                    slots.release(free);
                    log.warn("claiming from {} failed, retrying in {} ms: {}", store.describe(), storeRetry, e.toString());
                    Thread.sleep(storeRetry);
                    storeRetry = Math.min(storeRetry * 2, 5000);
                    continue;
                }
                slots.release(free - claimed.size());
                for (ClaimedJob job : claimed) {
                    launch(job);
                }
                drained = claimed.size() < asked;
            }
        } catch (InterruptedException e) {
            // stop() interrupted the wait for work: fall through to the shutdown
        } finally {
            shutdown();
        }
    }

    private List<ClaimedJob> claim(int max) {
        List<List<String>> groups = settings.queueSelection().claimOrder(random);
        if (groups.size() == 1) {
            return store.claim(id, groups.get(0), max, settings.lease());
        }
        List<ClaimedJob> claimed = new ArrayList<>();
        for (List<String> group : groups) {
            claimed.addAll(store.claim(id, group, max - claimed.size(), settings.lease()));
            if (claimed.size() >= max) {
                break;
            }
        }
        return claimed;
    }

    private interface Wait {
        void run() throws InterruptedException;
    }

    /**
     * Runs a wait that {@link #stop} may interrupt. Store calls run outside such waits, so a stop
     * never interrupts a store mid-call. @return false when stopping
     */
    private boolean waitInterruptibly(Wait wait) throws InterruptedException {
        synchronized (waitLock) {
            if (stopping) {
                return false;
            }
            interruptible = true;
        }
        try {
            wait.run();
        } finally {
            synchronized (waitLock) {
                interruptible = false;
                Thread.interrupted();
            }
        }
        return !stopping;
    }

    /**
     * Sleeps until work may be due. With one group of queues to read, it claims in the same step
     * ({@link JobStore#awaitAndClaim}) for the slots free now, so an idle worker starts a new job one
     * round trip sooner; the jobs it claims are launched here.
     *
     * @return whether it claimed fewer jobs than it asked for (so the next step is to wait again)
     */
    private boolean waitForWork() throws InterruptedException {
        List<List<String>> groups = settings.queueSelection().claimOrder(random);
        if (groups.size() != 1 || settings.burst()) {
            waitInterruptibly(this::awaitWork);
            return false;
        }
        int free = slots.drainPermits();
        if (free == 0) {
            return false; // every slot filled meanwhile: the loop waits for one, then claims
        }
        int asked = Math.min(free, settings.claimBatch());
        List<ClaimedJob> claimed = new ArrayList<>();
        try {
            waitInterruptibly(() -> {
                try {
                    claimed.addAll(store.awaitAndClaim(id, groups.get(0), asked, settings.lease(), settings.idleWait()));
                } catch (RuntimeException e) {
                    log.warn("waiting for work on {} failed: {}", store.describe(), e.toString());
                    Thread.sleep(500);
                }
            });
        } finally {
            slots.release(free - claimed.size());
        }
        if (stopping && !claimed.isEmpty()) {
            handBack(claimed);
            return true;
        }
        for (ClaimedJob job : claimed) {
            launch(job);
        }
        return claimed.size() < asked;
    }

    /** Jobs claimed just as the worker stopped go back at once, their try not counted. */
    private void handBack(List<ClaimedJob> claimed) {
        slots.release(claimed.size());
        try {
            store.finish(claimed.stream().<Outcome>map(c -> new Outcome.Released(c.lease())).toList());
        } catch (RuntimeException e) {
            log.warn("handing back {} jobs claimed at stop failed; their leases expire and they run again: {}",
                    claimed.size(), e.toString());
        }
    }

    private void awaitWork() throws InterruptedException {
        try {
            store.awaitWork(settings.queues(), settings.burst() ? Duration.ofMillis(200) : settings.idleWait());
        } catch (RuntimeException e) {
            log.warn("waiting for work on {} failed: {}", store.describe(), e.toString());
            Thread.sleep(500);
        }
    }

    /** Burst mode's test for "done"; a store that cannot answer means "not known to be done". */
    private boolean nothingPending() {
        List<QueueCounts> counts;
        try {
            counts = store.queues();
        } catch (RuntimeException e) {
            log.warn("counting pending jobs on {} failed: {}", store.describe(), e.toString());
            return false;
        }
        for (QueueCounts c : counts) {
            if (settings.queues().contains(c.queue()) && (c.pending() > 0 || c.inProgress() > 0)) {
                return false;
            }
        }
        return true;
    }

    private void launch(ClaimedJob job) {
        JobFunction<?, ?> fn = functions.get(job.function());
        int maxTries = firstNonNull(job.maxTries(), fn == null ? null : fn.maxTries(), settings.maxTries());
        RunningJob running = new RunningJob(job, maxTries, store, client);
        holding.put(job.id(), running);
        Thread.ofVirtual().name("porter-job-" + job.id()).start(() -> execute(running, fn));
    }

    // ---- running one job ------------------------------------------------------------------

    private void execute(RunningJob running, JobFunction<?, ?> fn) {
        ClaimedJob job = running.job();
        long t0 = System.nanoTime();
        Outcome outcome;
        try {
            outcome = decide(running, fn);
        } catch (RuntimeException | Error e) {
            // Porter's own failure, not the job's: hand the job back rather than lose it or the slot.
            log.error("job {}: the worker failed around the function; handing the job back", job.id(), e);
            outcome = new Outcome.Released(job.lease());
        }
        slots.release();
        writer.submit(outcome, running);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        JobEnd end = endOf(outcome, running, took);
        if (log.isInfoEnabled()) {
            log.info("job {} {} try {} ended {} in {} ms{}", job.id(), job.function(), job.tryNumber(), end.status().wireName(),
                    took.toMillis(), end.error() == null ? "" : ": " + end.error().type() + ": " + end.error().message());
        }
        runHook("job end", () -> settings.hooks().onJobEnd(running, end));
    }

    private Outcome decide(RunningJob running, JobFunction<?, ?> fn) {
        ClaimedJob job = running.job();
        Duration keep = firstNonNull(job.keepResult(), fn == null ? null : fn.keepResult(), settings.keepResult());
        if (fn == null) {
            return new Outcome.Failed(job.lease(), JobError.of(JobError.UNKNOWN_FUNCTION,
                    "no function '" + job.function() + "' on worker " + id + " (it has " + functionNames() + ")"), keep);
        }
        if (job.tryNumber() > running.maxTries()) {
            return new Outcome.Failed(job.lease(), JobError.of(JobError.TRIES_EXHAUSTED, "try " + job.tryNumber()
                    + " of at most " + running.maxTries() + ": earlier tries were lost with their workers"), keep);
        }
        return runFunction(running, fn, keep);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Outcome runFunction(RunningJob running, JobFunction fn, Duration keep) {
        ClaimedJob job = running.job();
        Object args;
        try {
            args = fn.bindArgs(job.argsJson());
        } catch (InvalidJobException e) {
            return new Outcome.Failed(job.lease(), JobError.of(JobError.BAD_ARGS, e.getMessage()), keep);
        }
        if (fn.rateLimit() != null && !job.permitReserved()) {
            String key;
            try {
                key = fn.rateKey() == null ? "" : String.valueOf(fn.rateKey().apply(args));
            } catch (RuntimeException e) {
                return new Outcome.Failed(job.lease(), JobError.of(new PermanentFailure(
                        "the rate limit key of '" + fn.name() + "' failed: " + e, e)), keep);
            }
            Duration wait;
            try {
                wait = store.reservePermit(fn.rateLimit(), key);
            } catch (RuntimeException e) {
                log.warn("job {}: reserving a permit of rate limit '{}' failed; handing the job back: {}",
                        job.id(), fn.rateLimit().name(), e.toString());
                return new Outcome.Released(job.lease());
            }
            if (!wait.isZero()) {
                log.debug("job {} {}: rate limit '{}' has no permit; postponed by {}", job.id(), job.function(),
                        fn.rateLimit().name(), wait);
                return new Outcome.Postponed(job.lease(), clock.instant().plus(wait));
            }
        }
        Duration timeout = firstNonNull(job.timeout(), fn.timeout(), settings.timeout());
        if (log.isInfoEnabled()) {
            log.info("job {} {} try {} started", job.id(), job.function(), job.tryNumber());
        }
        runHook("job start", () -> settings.hooks().onJobStart(running));
        Object result;
        Throwable thrown = null;
        try {
            if (!running.handlerStarted(Thread.currentThread(), deadlineAfter(timeout))) {
                throw new InterruptedException("stopped (" + running.stopReason().name().toLowerCase()
                        + ") before the function started");
            }
            result = fn.handler().run(running, args);
        } catch (Throwable t) {
            result = null;
            thrown = t;
        } finally {
            running.handlerEnded();
        }
        if (thrown == null) {
            try {
                return new Outcome.Completed(job.lease(), Json.write(result), keep);
            } catch (InvalidJobException e) {
                thrown = new PermanentFailure("the result cannot be written as JSON: " + e.getMessage());
            }
        }
        return failure(running, thrown, timeout, keep);
    }

    private Outcome failure(RunningJob running, Throwable thrown, Duration timeout, Duration keep) {
        ClaimedJob job = running.job();
        Lease lease = job.lease();
        JobError error = JobError.of(thrown);
        switch (running.stopReason()) {
            case SHUTDOWN, LEASE_LOST:
                return new Outcome.Released(lease); // a lost lease is fenced anyway; nothing of ours applies
            case ABORT:
                return new Outcome.Aborted(lease, keep);
            case TIMEOUT:
                error = new JobError(JobError.TIMEOUT, "timed out after " + timeout, error.stackTrace());
                break;
            case NONE:
                break;
        }
        if (isPermanent(thrown)) {
            return new Outcome.Failed(lease, error, keep);
        }
        if (job.tryNumber() >= running.maxTries()) {
            return new Outcome.Failed(lease, error, keep);
        }
        Duration delay = thrown instanceof Retry r ? r.delay() : settings.backoff().delay(job.tryNumber());
        return new Outcome.Retrying(lease, clock.instant().plus(delay), error);
    }

    private static boolean isPermanent(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PermanentFailure) {
                return true;
            }
        }
        return false;
    }

    private static JobEnd endOf(Outcome outcome, RunningJob running, Duration took) {
        return switch (outcome) {
            case Outcome.Completed c -> new JobEnd(JobStatus.COMPLETE, took, null);
            case Outcome.Failed f -> new JobEnd(JobStatus.FAILED, took, f.error());
            case Outcome.Retrying r -> new JobEnd(JobStatus.DEFERRED, took, r.error());
            case Outcome.Postponed p -> new JobEnd(JobStatus.DEFERRED, took, null);
            case Outcome.Aborted a -> new JobEnd(JobStatus.ABORTED, took, null);
            case Outcome.Released r -> new JobEnd(running.stopReason() == RunningJob.Stop.LEASE_LOST
                    ? JobStatus.NOT_FOUND : JobStatus.QUEUED, took, null);
        };
    }

    /** Called by the writer once an outcome is stored. */
    private void written(OutcomeWriter.Pending p, boolean applied) {
        holding.remove(p.job().jobId(), p.job());
        if (!applied) {
            log.warn("job {}: lease lost before its outcome was written; another worker owns it now", p.job().jobId());
        } else if (p.outcome() instanceof Outcome.Completed) {
            completed.incrementAndGet();
        } else if (p.outcome() instanceof Outcome.Failed) {
            failed.incrementAndGet();
        }
    }

    // ---- leases, aborts, health -----------------------------------------------------------

    private void keepLeases() {
        try {
            List<Lease> leases = holding.values().stream().map(RunningJob::lease).toList();
            if (!leases.isEmpty()) {
                RenewResult r = store.renew(id, leases, settings.lease());
                r.lost().forEach(jobId -> stopJob(jobId, RunningJob.Stop.LEASE_LOST));
                r.abortRequested().forEach(jobId -> stopJob(jobId, RunningJob.Stop.ABORT));
            }
        } catch (RuntimeException e) {
            log.warn("renewing leases on {} failed: {}", store.describe(), e.toString());
        }
    }

    /** Every worker reaps, so a dead worker's jobs come back while any worker lives. */
    private void reap() {
        try {
            int reaped = store.reapExpiredLeases();
            if (reaped > 0) {
                log.info("re-queued {} jobs whose workers stopped renewing their leases", reaped);
            }
        } catch (RuntimeException e) {
            log.debug("reaping expired leases failed: {}", e.toString());
        }
    }

    /** System.nanoTime() when a try started now times out; a timeout of centuries never does. */
    private static long deadlineAfter(Duration timeout) {
        long now = System.nanoTime();
        try {
            return Math.addExact(now, timeout.toNanos());
        } catch (ArithmeticException tooLong) {
            return now + Long.MAX_VALUE / 2; // still ahead of now by the nanoTime comparison
        }
    }

    /**
     * Stops the functions past their timeout. One sweep over the running jobs every
     * {@link #TIMEOUT_CHECK_MS} instead of a timer per job, whose scheduling and cancelling (a lock
     * and a heap every job passes through) cost more than a no-op job itself.
     */
    private void stopOverdue() {
        long now = System.nanoTime();
        for (RunningJob r : holding.values()) {
            r.stopIfOverdue(now);
        }
    }

    private void onEvent(JobEvent event) {
        if (event.kind() == JobEvent.Kind.ABORT_REQUESTED) {
            stopJob(event.jobId(), RunningJob.Stop.ABORT);
        }
    }

    private void stopJob(String jobId, RunningJob.Stop reason) {
        RunningJob r = holding.get(jobId);
        if (r != null) {
            log.info("job {}: stopping ({})", jobId, reason.name().toLowerCase());
            r.stop(reason);
        }
    }

    private void writeHealth() {
        try {
            store.heartbeat(healthRecord(), settings.healthInterval().multipliedBy(3));
        } catch (RuntimeException e) {
            log.warn("writing the health record to {} failed: {}", store.describe(), e.toString());
        }
    }

    private WorkerRecord healthRecord() {
        return new WorkerRecord(id, hostName(), ProcessHandle.current().pid(), settings.queues(), functionNames(),
                settings.maxJobs(), holding.size(), completed.get(), failed.get(), startedAt, clock.instant());
    }

    private void purge() {
        try {
            store.purgeExpired();
        } catch (RuntimeException e) {
            log.debug("purging expired jobs failed: {}", e.toString());
        }
    }

    // ---- cron -----------------------------------------------------------------------------

    private void runCron() {
        CronScheduler cron = new CronScheduler(client, cronJobs);
        try {
            cron.startup();
        } catch (RuntimeException e) {
            log.warn("enqueueing the startup runs of cron jobs failed: {}", e.toString());
        }
        while (!stopping) {
            try {
                cron.fireDue();
            } catch (RuntimeException e) {
                log.warn("enqueueing due cron ticks failed: {}", e.toString());
            }
            long sleepMs = Math.max(10, Math.min(1000, cron.untilNextTick().toMillis()));
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    // ---- shutdown -------------------------------------------------------------------------

    private void shutdown() {
        try {
            long graceEnd = System.nanoTime() + settings.gracePeriod().toNanos();
            while (!allSlotsFree() && System.nanoTime() < graceEnd) {
                Thread.sleep(10);
            }
            if (!allSlotsFree()) {
                log.info("worker {}: grace period over; handing back {} running jobs", id, settings.maxJobs() - slots.availablePermits());
                holding.values().forEach(r -> r.stop(RunningJob.Stop.SHUTDOWN));
                long interruptEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (!allSlotsFree() && System.nanoTime() < interruptEnd) {
                    Thread.sleep(10);
                }
            }
            writer.close(Duration.ofSeconds(10));
            // Jobs that ignored their interrupt: give them back too, so another worker starts them now.
            List<Lease> stuck = holding.values().stream().map(RunningJob::lease).toList();
            if (!stuck.isEmpty()) {
                store.finish(stuck.stream().map(Outcome.Released::new).toList());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("worker {}: handing back jobs at shutdown failed: {}", id, e.toString());
        } finally {
            timers.shutdownNow();
            closeQuietly(subscription);
            try {
                store.removeWorker(id);
            } catch (RuntimeException e) {
                log.debug("removing the health record failed: {}", e.toString());
            }
            runHook("shutdown", () -> settings.hooks().onShutdown(this));
            client.close();
            log.info("worker {} stopped ({} complete, {} failed)", id, completed.get(), failed.get());
            terminated.countDown();
        }
    }

    private boolean allSlotsFree() {
        return slots.availablePermits() >= settings.maxJobs();
    }

    private void runHook(String name, Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            log.warn("worker {}: {} hook failed: {}", id, name, e.toString());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("closing {} failed: {}", c, e.toString());
            }
        }
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        throw new IllegalStateException("no default");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    private static String defaultId() {
        return hostName() + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- settings -------------------------------------------------------------------------

    /** A worker's settings; see {@link Builder} for the meaning and default of each. */
    public record Settings(QueueSelection queueSelection, int maxJobs, int claimBatch, Duration timeout, int maxTries,
                           Duration keepResult, Backoff backoff, Duration lease, Duration gracePeriod,
                           boolean burst, Duration healthInterval, Duration idleWait, WorkerHooks hooks) {
        public List<String> queues() {
            return queueSelection.queues();
        }
    }

    public static final class Builder {
        private final JobStore store;
        private final Map<String, JobFunction<?, ?>> functions = new LinkedHashMap<>();
        private final Map<String, CronJob> cronJobs = new LinkedHashMap<>();
        private QueueSelection queues = QueueSelection.of(List.of(JobOptions.DEFAULT_QUEUE));
        private int maxJobs = 10;
        private int claimBatch = 1000;
        private Duration timeout = Duration.ofMinutes(5);
        private int maxTries = 5;
        private Duration keepResult = Duration.ofDays(1);
        private Backoff backoff = Backoff.standard();
        private Duration lease = Duration.ofSeconds(15);
        private Duration gracePeriod = Duration.ofSeconds(10);
        private boolean burst;
        private Duration healthInterval = Duration.ofSeconds(5);
        private Duration idleWait = Duration.ofSeconds(5);
        private WorkerHooks hooks = WorkerHooks.NONE;
        private String id;

        private Builder(JobStore store) {
            if (store == null) {
                throw new IllegalArgumentException("a worker needs a store");
            }
            this.store = store;
        }

        /** Serves this function. A second function with the same name replaces the first. */
        public Builder function(JobFunction<?, ?> function) {
            functions.put(function.name(), function);
            return this;
        }

        /**
         * Runs a function on a schedule. Each tick runs once across all workers that declare the same
         * cron job; a second cron job with the same name replaces the first.
         */
        public Builder cron(CronJob job) {
            cronJobs.put(job.name(), job);
            return this;
        }

        public Builder functions(List<? extends JobFunction<?, ?>> list) {
            list.forEach(this::function);
            return this;
        }

        /**
         * Queues to read; each claim takes the highest-priority due jobs across all of them. Default:
         * {@code default}. See {@link QueueSelection} for strict and weighted reading.
         */
        public Builder queues(String... queues) {
            return queues(List.of(queues));
        }

        public Builder queues(List<String> queues) {
            return queues(QueueSelection.of(queues));
        }

        public Builder queues(QueueSelection selection) {
            this.queues = selection;
            return this;
        }

        /** Jobs run at once, each on a virtual thread. Default 10. */
        public Builder maxJobs(int maxJobs) {
            if (maxJobs < 1) {
                throw new IllegalArgumentException("maxJobs must be at least 1, was " + maxJobs);
            }
            this.maxJobs = maxJobs;
            return this;
        }

        /** Most jobs claimed in one store call (never more than free slots). Default 1000. */
        public Builder claimBatch(int claimBatch) {
            this.claimBatch = Math.max(1, claimBatch);
            return this;
        }

        /** Timeout of a try when neither the job nor its function sets one. Default 5 min. */
        public Builder timeout(Duration timeout) {
            this.timeout = positive("timeout", timeout);
            return this;
        }

        /** Tries when neither the job nor its function sets them. Default 5. */
        public Builder maxTries(int maxTries) {
            if (maxTries < 1) {
                throw new IllegalArgumentException("maxTries must be at least 1, was " + maxTries);
            }
            this.maxTries = maxTries;
            return this;
        }

        /** How long finished jobs stay readable. Default 1 day; {@link JobOptions#FOREVER} keeps them. */
        public Builder keepResult(Duration keepResult) {
            this.keepResult = keepResult;
            return this;
        }

        public Builder backoff(Backoff backoff) {
            this.backoff = backoff;
            return this;
        }

        /**
         * How long a claim holds without renewal; renewed every third of it. A dead worker's jobs run
         * again about this long after it died. Default 15 s.
         */
        public Builder lease(Duration lease) {
            this.lease = positive("lease", lease);
            return this;
        }

        /** How long running jobs may take to finish on stop before they are interrupted. Default 10 s. */
        public Builder gracePeriod(Duration gracePeriod) {
            this.gracePeriod = gracePeriod;
            return this;
        }

        /** Stop when the queues hold nothing pending or running. Default off. */
        public Builder burst(boolean burst) {
            this.burst = burst;
            return this;
        }

        /** How often the health record is written. Default 5 s; it counts as stale after 3 intervals. */
        public Builder healthInterval(Duration healthInterval) {
            this.healthInterval = positive("healthInterval", healthInterval);
            return this;
        }

        /** Longest sleep between claims when idle; the store wakes the worker sooner when work arrives. */
        public Builder idleWait(Duration idleWait) {
            this.idleWait = positive("idleWait", idleWait);
            return this;
        }

        /** Adds hooks; hooks added earlier run first. */
        public Builder hooks(WorkerHooks more) {
            this.hooks = hooks == WorkerHooks.NONE ? more : WorkerHooks.both(hooks, more);
            return this;
        }

        /** The cron jobs added so far, by name. */
        public Map<String, CronJob> cronJobs() {
            return java.util.Collections.unmodifiableMap(cronJobs);
        }

        /** The functions added so far, by name (e.g. for a server to check args before storing them). */
        public Map<String, JobFunction<?, ?>> functions() {
            return java.util.Collections.unmodifiableMap(functions);
        }

        /** The worker's id in health records and leases. Default: host-pid-random. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        Settings settings() {
            return new Settings(queues, maxJobs, claimBatch, timeout, maxTries, keepResult, backoff, lease,
                    gracePeriod, burst, healthInterval, idleWait, hooks);
        }

        public Worker build() {
            return new Worker(this);
        }

        private static Duration positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
