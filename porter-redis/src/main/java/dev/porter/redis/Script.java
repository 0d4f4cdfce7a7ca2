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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

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

    /**
     * Runs the script on a blocking connection; the reply with the types Lettuce gives it under the
     * string codec (String, Long, List, null). Jedis's raw replies, not its command classes: those
     * load some 270 classes, a tenth of a second of a one-shot {@code porter enqueue}.
     */
    Object call(Connection connection, String[] keys, String[] args) {
        send(connection, keys, args);
        return reply(connection, keys, args);
    }

    /** Sends the script by SHA without reading its reply, so it can follow another command. */
    void send(Connection connection, String[] keys, String[] args) {
        connection.sendCommand(Protocol.Command.EVALSHA, words(sha, keys, args));
    }

    /** The reply of a {@link #send}; the script runs again as EVAL if the server did not know it. */
    Object reply(Connection connection, String[] keys, String[] args) {
        try {
            return strings(connection.getOne());
        } catch (JedisNoScriptException e) {
            return eval(connection, keys, args);
        }
    }

    /** Runs the script by its source, which also caches it again on the server. */
    private Object eval(Connection connection, String[] keys, String[] args) {
        connection.sendCommand(Protocol.Command.EVAL, words(source, keys, args));
        return strings(connection.getOne());
    }

    /**
     * Runs the script once per (keys, args), pipelined: all sent, then all replies read; calls the
     * server did not know the script for run again, in order, as EVAL. A call that failed in the
     * script fails the whole, but only after every reply is read, so the connection stays in step.
     */
    List<Object> callAll(Connection connection, List<String[]> keys, List<String[]> args) {
        for (int i = 0; i < keys.size(); i++) {
            send(connection, keys.get(i), args.get(i));
        }
        List<Object> replies = new ArrayList<>(keys.size());
        List<Integer> unknown = new ArrayList<>();
        JedisDataException failed = null;
        for (int i = 0; i < keys.size(); i++) {
            try {
                replies.add(strings(connection.getOne()));
            } catch (JedisNoScriptException e) {
                replies.add(null);
                unknown.add(i);
            } catch (JedisDataException e) {
                replies.add(null);
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
        for (int i : unknown) {
            replies.set(i, eval(connection, keys.get(i), args.get(i)));
        }
        return replies;
    }

    private static String[] words(String script, String[] keys, String[] args) {
        String[] words = new String[2 + keys.length + args.length];
        words[0] = script;
        words[1] = Integer.toString(keys.length);
        System.arraycopy(keys, 0, words, 2, keys.length);
        System.arraycopy(args, 0, words, 2 + keys.length, args.length);
        return words;
    }

    /** Bulk replies (bytes) as UTF-8 strings, in nested lists too. */
    private static Object strings(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(strings(o));
            }
            return out;
        }
        return reply;
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
