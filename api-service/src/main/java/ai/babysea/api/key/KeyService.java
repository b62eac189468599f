package ai.babysea.api.key;

import ai.babysea.api.auth.AuthenticatedKey;
import ai.babysea.api.auth.Scope;
import ai.babysea.api.config.ApiConfig;
import ai.babysea.api.config.Region;
import ai.babysea.api.error.ApiException;
import ai.babysea.contracts.ErrorCode;
import ai.babysea.contracts.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/** API-key use cases: issue, authenticate, list, rotate, revoke. Raw keys exist only in the create/rotate answer. */
@ApplicationScoped
public class KeyService {
    private static final Logger LOG = Logger.getLogger(KeyService.class);
    /** Longest key name (dashboard rule). */
    public static final int MAX_NAME_CHARS = 100;
    /** Most IP allowlist entries (dashboard rule). */
    public static final int MAX_ALLOWLIST_ENTRIES = 50;
    /** Rotation grace bounds, hours. */
    public static final int MIN_GRACE_HOURS = 1;
    public static final int MAX_GRACE_HOURS = 168;
    public static final int DEFAULT_GRACE_HOURS = 24;

    private final KeyRepository keys;
    private final Region region;
    private final ApiConfig config;
    private final Map<UUID, Long> lastUsedWrites = new ConcurrentHashMap<>();

    KeyService(KeyRepository keys, Region region, ApiConfig config) {
        this.keys = keys;
        this.region = region;
        this.config = config;
    }

    /** A newly issued key: the record plus the raw secret, shown exactly once. */
    public record IssuedKey(AuthenticatedKey key, String rawKey) {
    }

    /** Issues a key for an account in its own transaction. */
    @Transactional
    public IssuedKey create(UUID accountId, String name, Scope.Preset preset, Instant expiresAt, List<String> ipAllowlist) {
        return issue(accountId, name, preset, expiresAt, ipAllowlist);
    }

    /** Validates and issues a key for an account (the caller's transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    public IssuedKey issue(UUID accountId, String name, Scope.Preset preset, Instant expiresAt, List<String> ipAllowlist) {
        if (name != null && name.length() > MAX_NAME_CHARS) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "name must be at most " + MAX_NAME_CHARS + " characters", "name");
        }
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "expires_at must be in the future", "expires_at");
        }
        List<String> allowlist = normalizeAllowlist(ipAllowlist);
        String raw = ApiKeySecrets.generate(region.code());
        UUID keyId = Ids.uuidV7();
        String[] scopes = preset.scopes().stream().map(Scope::wire).toArray(String[]::new);
        keys.insert(keyId, accountId, name, ApiKeySecrets.prefix(raw), ApiKeySecrets.hash(raw), preset.wire(), scopes, region.code(),
                allowlist, expiresAt);
        return new IssuedKey(find(accountId, keyId), raw);
    }

    /** Validates an IP allowlist: at most 50 exact entries, each an IPv4/IPv6 literal; empty means every IP. */
    static List<String> normalizeAllowlist(List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            return null;
        }
        if (entries.size() > MAX_ALLOWLIST_ENTRIES) {
            throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "ip_allowlist holds at most " + MAX_ALLOWLIST_ENTRIES + " entries",
                    "ip_allowlist");
        }
        List<String> normalized = new ArrayList<>();
        for (String entry : entries) {
            String trimmed = canonicalIp(entry == null ? "" : entry.trim());
            if (trimmed == null) {
                throw new ApiException(ErrorCode.INVALID_INPUT, "ip_allowlist entries must be IPv4 or IPv6 addresses", "ip_allowlist");
            }
            if (!normalized.contains(trimmed)) {
                normalized.add(trimmed);
            }
        }
        return normalized;
    }

    /**
     * The canonical text of an IP literal (so `2001:db8::1` and `2001:0db8:0:0:0:0:0:1` are the same
     * address), or null when the text is not an IP literal. Never resolves names: only digits, dots,
     * hex and colons reach the parser.
     */
    static String canonicalIp(String text) {
        if (text == null || !text.matches("^[0-9A-Fa-f:.]{2,45}$") || !(text.contains(".") || text.contains(":"))) {
            return null;
        }
        if (text.contains(".") && !text.contains(":")) {
            if (!text.matches("^(\\d{1,3}\\.){3}\\d{1,3}$")) {
                return null;
            }
            for (String octet : text.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null;
                }
            }
        }
        try {
            return java.net.InetAddress.getByName(text).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    /**
     * Authenticates a bearer token through the contract's pipeline: shape → region → prefix lookup →
     * constant-time hash check → lifecycle → IP allowlist. Scope is the caller's next step.
     */
    public AuthenticatedKey authenticate(String token, String clientIp) {
        if (!ApiKeySecrets.wellFormed(token)) {
            throw new ApiException(ErrorCode.AUTHENTICATION_FAILED, "The API key is invalid.");
        }
        String keyRegion = ApiKeySecrets.region(token);
        if (keyRegion != null && Region.ALL.contains(keyRegion) && !keyRegion.equals(region.code())) {
            throw new ApiException(ErrorCode.AUTHENTICATION_FAILED, "This API key was issued in region '" + keyRegion
                    + "' and only works there (" + Region.baseUrl(keyRegion) + "); this is region '" + region.code() + "'.");
        }
        byte[] hash = ApiKeySecrets.hash(token);
        AuthenticatedKey found = null;
        for (KeyRepository.StoredKey candidate : keys.byPrefix(ApiKeySecrets.prefix(token))) {
            // Every candidate is compared, so timing does not reveal which prefix matched.
            if (ApiKeySecrets.matches(candidate.secretHash(), hash) && found == null) {
                found = candidate.key();
            }
        }
        if (found == null) {
            throw new ApiException(ErrorCode.AUTHENTICATION_FAILED, "The API key is invalid.");
        }
        Instant now = Instant.now();
        if ("revoked".equals(found.status())) {
            throw new ApiException(ErrorCode.AUTHENTICATION_FAILED, "The API key was revoked.");
        }
        if (found.expiresAt() != null && !now.isBefore(found.expiresAt())) {
            throw new ApiException(ErrorCode.AUTHENTICATION_FAILED, "The API key expired.");
        }
        if ("rotated".equals(found.status()) && found.graceEndsAt() != null && !now.isBefore(found.graceEndsAt())) {
            throw new ApiException(ErrorCode.AUTHENTICATION_FAILED, "The API key was rotated and its grace period ended.");
        }
        if (found.ipAllowlist() != null && !found.ipAllowlist().isEmpty() && !found.ipAllowlist().contains(canonicalIp(clientIp))) {
            throw new ApiException(ErrorCode.IP_NOT_ALLOWED, "The caller IP address is not on this API key's allowlist.");
        }
        return found;
    }

    /** Records use of a key, at most once per configured interval per key (so hot keys do not write on every call). */
    public void touch(AuthenticatedKey key) {
        long now = System.currentTimeMillis();
        long interval = config.lastUsedWriteInterval().toMillis();
        Long previous = lastUsedWrites.get(key.keyId());
        if (previous != null && now - previous < interval) {
            return;
        }
        lastUsedWrites.put(key.keyId(), now);
        if (lastUsedWrites.size() > 100_000) {
            lastUsedWrites.clear();
        }
        keys.touch(key.keyId());
    }

    /** One key of an account, or 404. */
    public AuthenticatedKey find(UUID accountId, UUID keyId) {
        return keys.find(accountId, keyId).orElseThrow(() -> new ApiException(ErrorCode.RESOURCE_NOT_FOUND, "No API key with this id exists.", "apikey_id"));
    }

    /** Every key of an account, newest first. */
    public List<AuthenticatedKey> list(UUID accountId) {
        return keys.list(accountId);
    }

    /**
     * Rotates a key: issues a new key with the same name, preset, expiry and allowlist; the old key
     * keeps working until the grace period (1–168 h, default 24 h) ends.
     */
    @Transactional
    public IssuedKey rotate(UUID accountId, UUID keyId, Integer graceHours) {
        int grace = graceHours == null ? DEFAULT_GRACE_HOURS : graceHours;
        if (grace < MIN_GRACE_HOURS || grace > MAX_GRACE_HOURS) {
            throw new ApiException(ErrorCode.PARAMETER_OUT_OF_RANGE, "grace_period_hours must be 1-168", "grace_period_hours");
        }
        AuthenticatedKey old = find(accountId, keyId);
        if (!"active".equals(old.status()) || (old.expiresAt() != null && !Instant.now().isBefore(old.expiresAt()))) {
            throw new ApiException(ErrorCode.CONFLICT, "Only an active key can be rotated.", "apikey_id");
        }
        IssuedKey issued = issue(accountId, old.name(), Scope.Preset.parse(old.preset()), old.expiresAt(), old.ipAllowlist());
        if (!keys.markRotated(keyId, Instant.now().plus(Duration.ofHours(grace)), issued.key().keyId())) {
            throw new ApiException(ErrorCode.CONFLICT, "The key was changed concurrently.", "apikey_id");
        }
        // security events are logged (ids and prefixes only, never key material); request_id comes from the MDC
        LOG.infof("api key %s (%s) rotated to %s, grace %d h", keyId, old.prefix(), issued.key().keyId(), grace);
        return issued;
    }

    /** Revokes a key immediately; revoking twice is a no-op. */
    @Transactional
    public AuthenticatedKey revoke(UUID accountId, UUID keyId) {
        AuthenticatedKey before = find(accountId, keyId);
        keys.revoke(keyId);
        if (!"revoked".equals(before.status())) {
            LOG.infof("api key %s (%s) of account %s revoked", keyId, before.prefix(), accountId);
        }
        return find(accountId, keyId);
    }

    /** The dashboard status of a key: Active, Rotated, Expired or Revoked. */
    public static String displayStatus(AuthenticatedKey key) {
        Instant now = Instant.now();
        if ("revoked".equals(key.status())) {
            return "revoked";
        }
        if (key.expiresAt() != null && !now.isBefore(key.expiresAt())) {
            return "expired";
        }
        if ("rotated".equals(key.status())) {
            return key.graceEndsAt() != null && now.isBefore(key.graceEndsAt()) ? "rotated" : "expired";
        }
        return "active";
    }
}
