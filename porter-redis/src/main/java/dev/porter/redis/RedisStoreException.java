package dev.porter.redis;

/**
 * A Redis call failed (server down, restarting, timed out). Nothing is known to have changed; the
 * caller may try again, as the worker engine's loop does.
 */
public class RedisStoreException extends RuntimeException {
    public RedisStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
