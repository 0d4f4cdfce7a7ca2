package dev.porter.redis;

import dev.porter.JobError;
import dev.porter.JobInfo;
import dev.porter.JobStatus;
import dev.porter.spi.ClaimedJob;
import dev.porter.spi.Lease;
import dev.porter.spi.NewJob;
import dev.porter.spi.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Converts between the SPI's values and a job's hash fields and script arguments. */
final class JobHash {
    /** Script arguments per job in enqueue.lua. */
    static final int ENQUEUE_FIELDS = 9;
    /** Fields per claimed job in claim.lua's reply. */
    static final int CLAIM_FIELDS = 11;

    private JobHash() {}

    /** Writes the job's {@link #ENQUEUE_FIELDS} arguments of enqueue.lua into {@code args} from {@code at}. */
    static void enqueueArgs(NewJob job, String[] args, int at) {
        args[at] = job.id();
        args[at + 1] = job.function();
        args[at + 2] = job.argsJson();
        args[at + 3] = Integer.toString(job.priority());
        args[at + 4] = Millis.of(job.runAt());
        args[at + 5] = Millis.of(job.expiresAt());
        args[at + 6] = job.maxTries() == null ? "" : job.maxTries().toString();
        args[at + 7] = Millis.of(job.timeout());
        args[at + 8] = Millis.of(job.keepResult());
    }

    /** Seven arguments per outcome, as finish.lua reads them. */
    static void finishArgs(Outcome outcome, List<String> args) {
        Lease l = outcome.lease();
        switch (outcome) {
            case Outcome.Completed c -> args.addAll(List.of("C", l.jobId(), l.token(),
                    c.resultJson() == null ? "null" : c.resultJson(), Millis.of(c.keep()), "", ""));
            case Outcome.Retrying r -> {
                JobError e = errorOrUnknown(r.error());
                args.addAll(List.of("R", l.jobId(), l.token(), Millis.of(r.runAt()), e.type(), e.message(), e.stackTrace()));
            }
            case Outcome.Failed f -> {
                JobError e = errorOrUnknown(f.error());
                args.addAll(List.of("F", l.jobId(), l.token(), e.type(), e.message(), e.stackTrace(), Millis.of(f.keep())));
            }
            case Outcome.Aborted a -> args.addAll(List.of("A", l.jobId(), l.token(), Millis.of(a.keep()), "", "", ""));
            case Outcome.Released r -> args.addAll(List.of("L", l.jobId(), l.token(), "", "", "", ""));
            case Outcome.Postponed p -> args.addAll(List.of("P", l.jobId(), l.token(), Millis.of(p.runAt()), "", "", ""));
        }
    }

    private static JobError errorOrUnknown(JobError error) {
        return error != null ? error : JobError.of("unknown", "");
    }

    /**
     * One job of claim.lua's reply, which starts at {@code at}; its lease token is the queue's:
     * {@code <queue>|<tokenPrefix>}.
     */
    static ClaimedJob claimed(List<Object> reply, int at, List<String> queues, String tokenPrefix) {
        String id = (String) reply.get(at);
        String queue = queues.get(((Long) reply.get(at + 1)).intValue() - 1);
        return new ClaimedJob(
                id,
                (String) reply.get(at + 2),
                (String) reply.get(at + 3),
                queue,
                Integer.parseInt((String) reply.get(at + 4)),
                Integer.parseInt((String) reply.get(at + 5)),
                Millis.integer((String) reply.get(at + 6)),
                Millis.duration((String) reply.get(at + 7)),
                Millis.duration((String) reply.get(at + 8)),
                Millis.instant((String) reply.get(at + 9)),
                new Lease(id, Tokens.of(queue, tokenPrefix)),
                "1".equals(reply.get(at + 10)));
    }

    /**
     * The job as a reader sees it at {@code now}; null when it is gone (its keep-until passed). The
     * hash holds neither id nor queue (both are in its key) nor tries while they are 0.
     */
    static JobInfo info(String id, String queue, Map<String, String> h, List<String> logs, List<String> errors,
                        Instant now) {
        JobStatus status = status(h, now);
        if (status == null) {
            return null;
        }
        String errType = h.get("errType");
        // finish.lua leaves an earlier try's error in the hash of a job that then completed
        JobError error = errType == null || status == JobStatus.COMPLETE ? null
                : new JobError(errType, h.get("errMsg"), h.getOrDefault("errStack", ""));
        String progress = h.get("prog");
        return new JobInfo(
                id,
                h.get("fn"),
                h.get("args"),
                queue,
                Integer.parseInt(h.get("pri")),
                status,
                Integer.parseInt(h.getOrDefault("tries", "0")),
                Millis.integer(h.get("maxTries")),
                Millis.duration(h.get("timeout")),
                Millis.duration(h.get("keep")),
                Millis.instant(h.get("enq")),
                Millis.instant(h.get("runAt")),
                Millis.instant(h.get("start")),
                Millis.instant(h.get("fin")),
                Millis.instant(h.get("exp")),
                Millis.instant(h.get("keepUntil")),
                h.get("worker"),
                progress == null ? null : Double.valueOf(progress),
                h.get("progMsg"),
                h.get("result"),
                error,
                logs,
                h.containsKey("abort"),
                Json.tryErrors(errors));
    }

    /** Mirrors status_of in lua/lib.lua. */
    static JobStatus status(Map<String, String> h, Instant now) {
        String state = h.get("state");
        if (state == null) {
            return null;
        }
        long nowMs = now.toEpochMilli();
        return switch (state) {
            case "pending" -> Millis.parse(h.get("runAt")) > nowMs ? JobStatus.DEFERRED : JobStatus.QUEUED;
            case "running" -> JobStatus.IN_PROGRESS;
            default -> {
                String keepUntil = h.get("keepUntil");
                yield keepUntil != null && Millis.parse(keepUntil) <= nowMs ? null : JobStatus.fromWire(state);
            }
        };
    }

    static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
