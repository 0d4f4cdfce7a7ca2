package dev.porter.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every refusal and every fault into {@code application/problem+json}: route errors, Javalin's
 * own 404/405/413 answers, and unexpected exceptions (logged here; the client only sees a generic
 * detail, never a stack trace).
 */
final class Problems {
    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private Problems() {}

    static void register(Javalin app) {
        app.exception(ApiException.class, (e, ctx) -> write(ctx, e.status(), e.problem(ctx.path())));
        app.exception(HttpResponseException.class, (e, ctx) -> write(ctx, e.getStatus(),
                plain(e.getStatus(), e.getMessage(), ctx)));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            write(ctx, 500, new Problem("about:blank", "Internal server error", 500,
                    "the server failed to handle this request; the error is in its log", ctx.path(), null));
        });
        // Javalin answers unknown routes (404) and wrong methods (405) itself; give them our shape.
        for (int status : new int[] {404, 405}) {
            app.error(status, ctx -> {
                if (!Problem.CONTENT_TYPE.equals(ctx.res().getContentType())) {
                    write(ctx, status, plain(status, null, ctx));
                }
            });
        }
    }

    static void write(Context ctx, int status, Problem problem) {
        ctx.status(status).contentType(Problem.CONTENT_TYPE).result(WireJson.write(problem));
    }

    private static Problem plain(int status, String message, Context ctx) {
        String detail = switch (status) {
            case 404 -> "no route " + ctx.method() + " " + ctx.path();
            case 405 -> "method " + ctx.method() + " is not allowed on " + ctx.path();
            case 413 -> "the request body is larger than this server accepts";
            default -> message == null || message.isBlank() ? "request refused" : message;
        };
        String title = switch (status) {
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Content too large";
            default -> "Request refused";
        };
        return new Problem("about:blank", title, status, detail, ctx.path(), null);
    }
}
