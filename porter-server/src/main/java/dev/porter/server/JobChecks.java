package dev.porter.server;

import dev.porter.InvalidJobException;
import dev.porter.JobFunction;
import dev.porter.JobOptions;
import dev.porter.JobRequest;
import dev.porter.json.Json;
import dev.porter.spi.NewJob;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a parsed job before anything is stored, so a batch is refused whole and each error names
 * the wire field: the store's own rules (by building the {@link NewJob} the client would build),
 * the args size, a function no live worker serves, and args that do not bind to an in-process
 * function's type.
 */
final class JobChecks {
    /** Core's field names (from {@link InvalidJobException#field()}) as the wire spells them. */
    private static final Map<String, String> WIRE_FIELDS = Map.of(
            "id", "options.id", "queue", "options.queue", "priority", "options.priority",
            "runAt", "options.defer_until", "maxTries", "options.max_tries", "timeout", "options.timeout",
            "keepResult", "options.keep_result", "function", "function", "args", "args");

    private final FunctionCatalog catalog;
    private final Clock clock;
    private final int maxArgsBytes;

    JobChecks(FunctionCatalog catalog, Clock clock, int maxArgsBytes) {
        this.catalog = catalog;
        this.clock = clock;
        this.maxArgsBytes = maxArgsBytes;
    }

    void check(JobRequest r, String at) {
        JobOptions o = r.options();
        String argsJson = Json.write(r.args());
        int bytes = argsJson.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxArgsBytes) {
            throw new ApiException(413, "too-large", "Content too large", at + "args is " + bytes
                    + " bytes of JSON; the limit is " + maxArgsBytes, at + "args");
        }
        try {
            new NewJob(o.id() == null ? "unset" : o.id(), r.function(), argsJson,
                    o.queue() == null ? JobOptions.DEFAULT_QUEUE : o.queue(), o.priority(),
                    o.runAt() == null ? clock.instant() : o.runAt(), o.expiresAt(), o.maxTries(), o.timeout(),
                    o.keepResult());
        } catch (InvalidJobException e) {
            throw invalid(e, at);
        }
        Set<String> served = catalog.served();
        if (!served.isEmpty() && !served.contains(r.function())) {
            throw ApiException.unprocessable("unknown-function", "Unknown function", at + "function",
                    "function '" + r.function() + "' is not served by any live worker; served: " + new TreeSet<>(served));
        }
        JobFunction<?, ?> typed = catalog.typed(r.function());
        if (typed != null) {
            try {
                typed.bindArgs(argsJson);
            } catch (InvalidJobException e) {
                throw ApiException.unprocessable("bad-args", "Arguments do not fit the function", at + "args",
                        at + e.getMessage());
            }
        }
    }

    /** An {@link InvalidJobException} from core, re-worded with the wire field. */
    static ApiException invalid(InvalidJobException e, String at) {
        String wire = at + WIRE_FIELDS.getOrDefault(e.field(), e.field());
        String message = e.getMessage();
        String reason = message.startsWith(e.field() + ": ") ? message.substring(e.field().length() + 2) : message;
        return ApiException.badRequest(wire, wire + " " + reason);
    }
}
