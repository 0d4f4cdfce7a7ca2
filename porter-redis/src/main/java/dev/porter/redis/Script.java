package dev.porter.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The Lua scripts, one per atomic step, each in {@code lua/<name>.lua} behind the helpers of
 * {@code lua/lib.lua} it uses ({@link LuaLib}). Called by SHA; after a server restart (or SCRIPT
 * FLUSH) the server answers NOSCRIPT and the call is repeated once with EVAL, which also caches the
 * script again.
 */
enum Script {
    ENQUEUE, ENQUEUE_ONE, CLAIM, RENEW, FINISH, PROGRESS, LOG, ABORT, RETRY, DELETE, REAP, PURGE, COUNTS, LIST, AWAIT,
    PAUSE, PERMIT, RETRY_ALL, PURGE_STATUS,
    HEARTBEAT, REMOVE_WORKER, WORKERS;

    /** Holds the library apart, as the constants are built before the enum's own static fields. */
    private static final class Library {
        static final LuaLib LIB = new LuaLib(resource("lib"));
    }

    private final String source;
    private final String sha;

    Script() {
        String name = name().toLowerCase(Locale.ROOT);
        String own = resource(name);
        this.source = Library.LIB.linkedFor(own) + own;
        this.sha = sha1(source);
    }

    /** Runs the script; keys name the slot it touches (the rest it derives from the queue name). */
    <T> CompletableFuture<T> call(RedisAsyncCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        return redis.<T>evalsha(sha, type, keys, args).toCompletableFuture()
                .exceptionallyCompose(e -> noScript(e)
                        ? redis.<T>eval(source, type, keys, args).toCompletableFuture()
                        : CompletableFuture.failedFuture(e));
    }

    private static boolean noScript(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof RedisNoScriptException
                || (t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT"));
    }

    private static String resource(String name) {
        String path = "lua/" + name + ".lua";
        try (InputStream in = Script.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
