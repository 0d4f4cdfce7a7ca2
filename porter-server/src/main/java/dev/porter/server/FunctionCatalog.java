package dev.porter.server;

import dev.porter.JobFunction;
import dev.porter.spi.JobStore;
import dev.porter.spi.WorkerRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the server knows about job functions: the typed functions of its in-process workers (so it
 * can check args before storing a job) and the names live workers announce in their health records
 * (so it can refuse a function nobody serves). The health records are re-read at most once a
 * second: a POST must not cost a store scan.
 */
final class FunctionCatalog {
    private static final long REFRESH_NANOS = 1_000_000_000L;

    private final JobStore store;
    private final Map<String, JobFunction<?, ?>> typed;
    private volatile Set<String> served = Set.of();
    private volatile long readAt = System.nanoTime() - 2 * REFRESH_NANOS;

    FunctionCatalog(JobStore store, List<JobFunction<?, ?>> inProcess) {
        this.store = store;
        this.typed = inProcess.stream().collect(Collectors.toUnmodifiableMap(JobFunction::name, Function.identity(), (a, b) -> b));
    }

    /** The in-process function of this name, whose argument type the server can check; or null. */
    JobFunction<?, ?> typed(String name) {
        return typed.get(name);
    }

    /**
     * Function names served by live workers plus the in-process ones; empty when no worker has
     * announced itself (then any name is accepted: workers may start later).
     */
    Set<String> served() {
        long now = System.nanoTime();
        if (now - readAt > REFRESH_NANOS) {
            Set<String> names = new TreeSet<>(typed.keySet());
            for (WorkerRecord w : store.workers()) {
                names.addAll(w.functions());
            }
            served = Set.copyOf(names);
            readAt = now;
        }
        return served;
    }
}
