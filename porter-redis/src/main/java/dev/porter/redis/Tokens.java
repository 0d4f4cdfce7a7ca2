package dev.porter.redis;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Lease tokens are {@code <queue>|<random>}: fresh for every claim call (its jobs of one queue share
 * it; a fence compares the pair of job id and token), and carrying the queue, so renew, finish,
 * progress and log find the job's keys without a lookup by id.
 */
final class Tokens {
    private Tokens() {}

    /** A random prefix for one claim call; the call's jobs of one queue share {@link #of}(queue, prefix). */
    static String prefix() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /** The token of the jobs one claim took from {@code queue} (as claim.lua writes it). */
    static String of(String queue, String prefix) {
        return queue + "|" + prefix;
    }

    /** The queue named in a token, or null for a token this store never issued. */
    static String queue(String token) {
        int bar = token == null ? -1 : token.indexOf('|');
        return bar <= 0 ? null : token.substring(0, bar);
    }
}
