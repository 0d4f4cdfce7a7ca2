package dev.porter.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/** Time-ordered job ids: UUIDv7 (RFC 9562), so ids sort by creation time as text. */
public final class JobIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {}

    public static String next(Clock clock) {
        long millis = clock.millis();
        byte[] random = new byte[10]; // one draw for both random fields (74 bits): SecureRandom locks per call
        RANDOM.nextBytes(random);
        long randA = ((random[0] & 0xFFL) << 4) | ((random[1] & 0xF0L) >>> 4);
        long randB = 0;
        for (int i = 2; i < 10; i++) {
            randB = (randB << 8) | (random[i] & 0xFFL);
        }
        long msb = (millis << 16) | 0x7000L | randA;
        long lsb = (randB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }
}
