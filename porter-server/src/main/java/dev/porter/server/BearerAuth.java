package dev.porter.server;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * Bearer tokens with two scopes. Reading (GET) needs a read or an admin token; anything that changes
 * jobs or queues (POST, DELETE) needs an admin token. Probes and the API description are open, so
 * a load balancer and a client generator need no secret. With no token configured every request is
 * let through, which {@link PorterServer} only allows on a loopback address.
 */
final class BearerAuth {
    private static final Set<String> OPEN = Set.of("/healthz", "/readyz", "/openapi.json", "/");
    /** The dashboard's static files: they hold no data, and the login form must load without a token. */
    private static final String OPEN_PREFIX = "/ui/";
    /** The request attribute holding the caller's scope, for {@link #scope}. */
    private static final String SCOPE = "porter.scope";

    private final List<byte[]> readTokens;
    private final List<byte[]> adminTokens;

    BearerAuth(Set<String> readTokens, Set<String> adminTokens) {
        this.readTokens = bytes(readTokens);
        this.adminTokens = bytes(adminTokens);
    }

    boolean enabled() {
        return !readTokens.isEmpty() || !adminTokens.isEmpty();
    }

    /** Runs before every matched route. */
    void check(Context ctx) {
        if (!enabled()) {
            ctx.attribute(SCOPE, Scope.ADMIN);
            return;
        }
        if (OPEN.contains(ctx.path()) || ctx.path().startsWith(OPEN_PREFIX)) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized(ctx, "send an Authorization: Bearer <token> header");
        }
        byte[] token = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        boolean admin = matches(adminTokens, token);
        if (!admin && !matches(readTokens, token)) {
            throw unauthorized(ctx, "the bearer token is not valid");
        }
        ctx.attribute(SCOPE, admin ? Scope.ADMIN : Scope.READ);
        boolean changes = ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD;
        if (changes && !admin) {
            throw new ApiException(403, "forbidden", "Forbidden", ctx.method() + " " + ctx.path()
                    + " needs an admin token; this one has read scope", null);
        }
    }

    /** What the caller of an authenticated route may do; routes after {@link #check} can rely on it. */
    static Scope scope(Context ctx) {
        Scope s = ctx.attribute(SCOPE);
        return s == null ? Scope.READ : s;
    }

    enum Scope { READ, ADMIN }

    private static ApiException unauthorized(Context ctx, String detail) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"porter\"");
        return new ApiException(401, "unauthorized", "Unauthorized", detail, null);
    }

    /** Compares against every token in constant time, so timing does not leak a token's prefix. */
    private static boolean matches(List<byte[]> tokens, byte[] given) {
        boolean found = false;
        for (byte[] t : tokens) {
            found |= MessageDigest.isEqual(t, given);
        }
        return found;
    }

    private static List<byte[]> bytes(Set<String> tokens) {
        return tokens.stream().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }
}
