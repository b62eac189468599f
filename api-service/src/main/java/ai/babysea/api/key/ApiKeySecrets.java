package ai.babysea.api.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Key material rules: a key is `bye_` + 32 random bytes in URL-safe Base64 + `_` + the issuing
 * region (`bye_<43 chars>_us`), so a key used in the wrong region can be recognised and the caller
 * told where it belongs. Only the first 9 characters and the SHA-256 of the whole key are stored.
 */
public final class ApiKeySecrets {
    /** Length of the stored, displayable prefix. */
    public static final int PREFIX_LENGTH = 9;
    private static final int RANDOM_BYTES = 32;
    private static final Pattern SHAPE = Pattern.compile("^bye_[A-Za-z0-9_-]{8,200}$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {
    }

    /** A new raw key for this region. */
    public static String generate(String region) {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return "bye_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "_" + region;
    }

    /** Whether the string has the shape of a BabySea key at all. */
    public static boolean wellFormed(String key) {
        return key != null && SHAPE.matcher(key).matches();
    }

    /** The region a key of ours was issued in (its suffix), or null when it has none. */
    public static String region(String key) {
        int underscore = key.lastIndexOf('_');
        if (underscore < 4 + 43 || underscore != key.length() - 3) {
            return null;
        }
        return key.substring(underscore + 1);
    }

    /** The stored lookup prefix. */
    public static String prefix(String key) {
        return key.substring(0, PREFIX_LENGTH);
    }

    /** SHA-256 of the full key. The key has 256 random bits, so a fast hash is enough (no password stretching needed). */
    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of two hashes. */
    public static boolean matches(byte[] expected, byte[] given) {
        return MessageDigest.isEqual(expected, given);
    }
}
