package ai.babysea.contracts;

import java.security.SecureRandom;
import java.util.UUID;

/** Identifier helpers: time-ordered UUIDv7 for events and records, deterministic UUIDv5-like ids for derived transfers. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A new RFC 9562 UUIDv7 (48-bit Unix milliseconds, then random bits): unique and roughly time-ordered. */
    public static UUID uuidV7() {
        long millis = System.currentTimeMillis();
        long randA = RANDOM.nextInt(1 << 12);
        long randB = RANDOM.nextLong();
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = (randB & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** A deterministic name-based UUID (version 3, MD5) so that a redelivered cause always yields the same id. */
    public static UUID derived(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
