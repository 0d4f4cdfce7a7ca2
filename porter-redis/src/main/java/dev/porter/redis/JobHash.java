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

    static void enqueueArgs(NewJob job, List<String> args) {
        args.add(job.id());
        args.add(job.function());
        args.add(job.argsJson());
        args.add(Integer.toString(job.priority()));
        args.add(Millis.of(job.runAt()));
        args.add(Millis.of(job.expiresAt()));
        args.add(job.maxTries() == null ? "" : job.maxTries().toString());
        args.add(Millis.of(job.timeout()));
        args.add(Millis.of(job.keepResult()));
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

    static ClaimedJob claimed(List<Object> reply, int at) {
        String id = str(reply.get(at));
        return new ClaimedJob(
                id,
                str(reply.get(at + 1)),
                str(reply.get(at + 2)),
                Tokens.queue(str(reply.get(at + 9))),
                Integer.parseInt(str(reply.get(at + 3))),
                Integer.parseInt(str(reply.get(at + 4))),
                Millis.integer(str(reply.get(at + 5))),
                Millis.duration(str(reply.get(at + 6))),
                Millis.duration(str(reply.get(at + 7))),
                Millis.instant(str(reply.get(at + 8))),
                new Lease(id, str(reply.get(at + 9))),
                ((Long) reply.get(at + 10)) == 1);
    }

    /** The job as a reader sees it at {@code now}; null when it is gone (its keep-until passed). */
    static JobInfo info(Map<String, String> h, List<String> logs, List<String> errors, Instant now) {
        JobStatus status = status(h, now);
        if (status == null) {
            return null;
        }
        String errType = h.get("errType");
        JobError error = errType == null ? null
                : new JobError(errType, h.get("errMsg"), h.getOrDefault("errStack", ""));
        String progress = h.get("prog");
        return new JobInfo(
                h.get("id"),
                h.get("fn"),
                h.get("args"),
                h.get("q"),
                Integer.parseInt(h.get("pri")),
                status,
                Integer.parseInt(h.get("tries")),
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
