package dev.porter.redis;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Lease tokens are {@code <queue>|<random>.<n>}: fresh for every claim, and carrying the queue, so
 * renew, finish, progress and log find the job's keys without a lookup by id.
 */
final class Tokens {
    private Tokens() {}

    /** A random prefix for one claim call; claim.lua appends the job's number in the batch. */
    static String prefix() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /** The queue named in a token, or null for a token this store never issued. */
    static String queue(String token) {
        int bar = token == null ? -1 : token.indexOf('|');
        return bar <= 0 ? null : token.substring(0, bar);
    }
}
