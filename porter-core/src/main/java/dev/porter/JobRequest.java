package dev.porter;

/** One job of a batch for {@link PorterClient#enqueueAll}: function, JSON-able args, options. */
public record JobRequest(String function, Object args, JobOptions options) {
    public JobRequest {
        options = options == null ? JobOptions.DEFAULTS : options;
    }

    public static JobRequest of(String function, Object args) {
        return new JobRequest(function, args, JobOptions.DEFAULTS);
    }
}
