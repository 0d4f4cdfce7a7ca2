package dev.porter.server;

import dev.porter.spi.JobStore;
import dev.porter.spi.WorkerRecord;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@code GET /workers} and {@code GET /functions}, both read from the live workers' health records. */
final class WorkerRoutes {
    private final JobStore store;

    WorkerRoutes(JobStore store) {
        this.store = store;
    }

    void register(Javalin app) {
        app.get("/workers", this::workers);
        app.get("/functions", this::functions);
    }

    private void workers(Context ctx) {
        ctx.json(new WorkersView(store.workers().stream().map(WorkerView::of).toList()));
    }

    private void functions(Context ctx) {
        Map<String, FunctionView> byName = new TreeMap<>();
        for (WorkerRecord w : store.workers()) {
            for (String f : w.functions()) {
                FunctionView v = byName.computeIfAbsent(f, n -> new FunctionView(n, new TreeSet<>(), new TreeSet<>()));
                v.queues().addAll(w.queues());
                v.workers().add(w.id());
            }
        }
        ctx.json(new FunctionsView(List.copyOf(byName.values())));
    }

    record WorkerView(String id, String host, long pid, List<String> queues, List<String> functions, int maxJobs,
                      int running, long completed, long failed, Instant startedAt, Instant heartbeatAt) {
        static WorkerView of(WorkerRecord w) {
            return new WorkerView(w.id(), w.host(), w.pid(), w.queues(), w.functions(), w.maxJobs(), w.running(),
                    w.completed(), w.failed(), w.startedAt(), w.heartbeatAt());
        }
    }

    record WorkersView(List<WorkerView> workers) {}

    /** A function with the queues it is served on and the workers serving it. */
    record FunctionView(String name, TreeSet<String> queues, TreeSet<String> workers) {}

    record FunctionsView(List<FunctionView> functions) {}
}
