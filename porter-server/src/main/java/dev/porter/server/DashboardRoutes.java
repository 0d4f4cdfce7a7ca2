package dev.porter.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The web dashboard: {@code GET /} (the page) and {@code GET /ui/{file}} (its ES modules and CSS),
 * read from the jar, so nothing is fetched from elsewhere. The files hold no data and need no token;
 * everything they show comes from the API with the token the user logged in with.
 */
final class DashboardRoutes {
    private static final String DIR = "dashboard/";
    /** Plain file names only: no path can climb out of the dashboard folder. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*\\.(js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    void register(Javalin app) {
        app.get("/", ctx -> send(ctx, "index.html", "text/html; charset=utf-8"));
        app.get("/ui/{file}", this::asset);
    }

    private void asset(Context ctx) throws IOException {
        String name = ctx.pathParam("file");
        if (!NAME.matcher(name).matches()) {
            throw ApiException.notFound("no dashboard file '" + name + "'");
        }
        send(ctx, name, TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
    }

    private static void send(Context ctx, String name, String type) throws IOException {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw ApiException.notFound("no dashboard file '" + name + "'");
            }
            // The page and its modules change together with the server: always revalidate.
            ctx.header("Cache-Control", "no-cache")
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                            + "style-src 'self'; frame-ancestors 'none'")
                    .contentType(type).result(in.readAllBytes());
        }
    }
}
