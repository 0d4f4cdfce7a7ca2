package dev.porter.server;

import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * {@code GET /session}: whether the caller's token is valid and what it may do, so the dashboard's
 * login can check a token and hide the actions a read token may not take (the API refuses them anyway).
 */
final class SessionRoute {
    private final boolean authEnabled;

    SessionRoute(boolean authEnabled) {
        this.authEnabled = authEnabled;
    }

    void register(Javalin app) {
        app.get("/session", this::session);
    }

    private void session(Context ctx) {
        String scope = BearerAuth.scope(ctx) == BearerAuth.Scope.ADMIN ? "admin" : "read";
        ctx.json(new SessionView(scope, authEnabled));
    }

    record SessionView(String scope, boolean auth) {}
}
