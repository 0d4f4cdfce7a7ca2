package dev.porter.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.porter.JobOptions;
import dev.porter.JobRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads one job of a request body into a {@link JobRequest}:
 * <pre>{"function": "scrape", "args": {...}, "options": {"queue": "web", "defer_by": "10s", ...}}</pre>
 * It checks types and ranges itself so each error names the wire field ({@code options.max_tries})
 * rather than the Java one; unknown fields are refused, since a typo would otherwise be ignored.
 */
final class JobRequestParser {
    private static final Set<String> TOP = Set.of("function", "args", "options");
    private static final Set<String> OPTIONS = Set.of("id", "queue", "priority", "defer_by", "defer_until",
            "expires", "max_tries", "timeout", "keep_result");

    private final Clock clock;

    JobRequestParser(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param at      the path of this job in the body: "" for a single job, "jobs[3]." in a batch
     * @param idFromHeader the Idempotency-Key header, or null; it becomes the job id
     */
    JobRequest parse(JsonNode job, String at, String idFromHeader) {
        if (job == null || !job.isObject()) {
            throw ApiException.badRequest(at.isEmpty() ? null : strip(at), (at.isEmpty() ? "the body" : strip(at))
                    + " must be a JSON object with function, args and options");
        }
        refuseUnknown(job, TOP, at);
        JsonNode fn = job.get("function");
        if (fn == null || fn.isNull()) {
            throw ApiException.badRequest(at + "function", at + "function is required");
        }
        if (!fn.isTextual() || fn.asText().isBlank()) {
            throw ApiException.badRequest(at + "function", at + "function must be a non-empty string");
        }
        JsonNode args = job.has("args") ? job.get("args") : NullNode.getInstance();
        JsonNode options = job.get("options");
        JobOptions.Builder o = JobOptions.builder();
        if (options != null && !options.isNull()) {
            if (!options.isObject()) {
                throw ApiException.badRequest(at + "options", at + "options must be a JSON object");
            }
            readOptions(options, at + "options.", o);
        }
        String bodyId = options == null ? null : text(options, "id", at + "options.");
        if (idFromHeader != null) {
            if (bodyId != null && !bodyId.equals(idFromHeader)) {
                throw ApiException.badRequest(at + "options.id", "the Idempotency-Key header ('" + idFromHeader
                        + "') and options.id ('" + bodyId + "') differ; send one of them");
            }
            o.id(idFromHeader);
        }
        return new JobRequest(fn.asText(), args, o.build());
    }

    private void readOptions(JsonNode options, String at, JobOptions.Builder o) {
        refuseUnknown(options, OPTIONS, at);
        String id = text(options, "id", at);
        if (id != null) {
            o.id(id);
        }
        String queue = text(options, "queue", at);
        if (queue != null) {
            o.queue(queue);
        }
        Integer priority = integer(options, "priority", at);
        if (priority != null) {
            o.priority(priority);
        }
        String deferBy = text(options, "defer_by", at);
        String deferUntil = text(options, "defer_until", at);
        if (deferBy != null && deferUntil != null) {
            throw ApiException.badRequest(at + "defer_by", "give " + at + "defer_by or " + at + "defer_until, not both");
        }
        if (deferBy != null) {
            o.deferBy(nonNegative(at + "defer_by", WireValues.duration(at + "defer_by", deferBy)));
        }
        if (deferUntil != null) {
            o.deferUntil(WireValues.instant(at + "defer_until", deferUntil));
        }
        String expires = text(options, "expires", at);
        if (expires != null) {
            o.expiresAt(expiry(at + "expires", expires));
        }
        Integer maxTries = integer(options, "max_tries", at);
        if (maxTries != null) {
            o.maxTries(maxTries);
        }
        String timeout = text(options, "timeout", at);
        if (timeout != null) {
            o.timeout(WireValues.duration(at + "timeout", timeout));
        }
        String keep = text(options, "keep_result", at);
        if (keep != null) {
            o.keepResult(keep.equalsIgnoreCase("forever") ? JobOptions.FOREVER
                    : nonNegative(at + "keep_result", WireValues.duration(at + "keep_result", keep)));
        }
    }

    /** An instant, or a duration from now ("expires": "1h"). */
    private Instant expiry(String field, String text) {
        if (Character.isDigit(text.charAt(0)) && text.contains("-")) {
            return WireValues.instant(field, text);
        }
        Duration d = nonNegative(field, WireValues.duration(field, text));
        return clock.instant().plus(d);
    }

    private static Duration nonNegative(String field, Duration d) {
        if (d.isNegative()) {
            throw ApiException.badRequest(field, field + " must not be negative, was " + d);
        }
        return d;
    }

    private static void refuseUnknown(JsonNode node, Set<String> known, String at) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!known.contains(name)) {
                throw ApiException.badRequest(at + name, "unknown field " + at + name + "; expected one of "
                        + known.stream().sorted().toList());
            }
        }
    }

    private static String text(JsonNode node, String name, String at) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw ApiException.badRequest(at + name, at + name + " must be a non-empty string");
        }
        return v.asText();
    }

    private static Integer integer(JsonNode node, String name, String at) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw ApiException.badRequest(at + name, at + name + " must be a whole number, was " + v);
        }
        return v.asInt();
    }

    private static String strip(String at) {
        return at.endsWith(".") ? at.substring(0, at.length() - 1) : at;
    }
}
