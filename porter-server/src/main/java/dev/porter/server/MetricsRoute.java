package dev.porter.server;

import io.javalin.Javalin;

/** {@code GET /metrics} in the Prometheus text format. */
final class MetricsRoute {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final JobMetrics metrics;

    MetricsRoute(JobMetrics metrics) {
        this.metrics = metrics;
    }

    void register(Javalin app) {
        app.get("/metrics", ctx -> ctx.contentType(CONTENT_TYPE).result(metrics.scrape()));
    }
}
