package dev.porter.server;

import dev.porter.spi.JobStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes and the API description: {@code /healthz} (the process answers), {@code /readyz} (the
 * store answers a read), {@code /openapi.json}.
 */
final class HealthRoutes {
    private static final Logger log = LoggerFactory.getLogger(HealthRoutes.class);

    private final JobStore store;
    private final String openApi;

    HealthRoutes(JobStore store) {
        this.store = store;
        this.openApi = resource("openapi.json");
    }

    void register(Javalin app) {
        app.get("/healthz", ctx -> ctx.json(new Status("ok", null)));
        app.get("/readyz", this::ready);
        app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    }

    private void ready(Context ctx) {
        try {
            store.get("porter-readyz-probe");
            ctx.json(new Status("ready", store.describe()));
        } catch (RuntimeException e) {
            log.warn("readiness probe: the store {} did not answer: {}", store.describe(), e.toString());
            Problems.write(ctx, 503, new Problem("urn:porter:problem:store-unavailable", "Store unavailable", 503,
                    "the job store did not answer a read", ctx.path(), null));
        }
    }

    private static String resource(String name) {
        try (InputStream in = HealthRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the porter-server jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    record Status(String status, String store) {}
}
