package ai.babysea.router.webhook;

import ai.babysea.router.config.RouterConfig;
import ai.babysea.router.provider.http.ProviderHttp;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Verifies fal's Ed25519 webhook signatures: message `request_id \n user_id \n timestamp \n hex(sha256(body))`,
 * signature hex in `X-Fal-Webhook-Signature`, checked against every Ed25519 key of fal's JWKS (cached for
 * at most 24 h); timestamps more than 300 s away are refused.
 */
@ApplicationScoped
public class FalWebhookVerifier {
    private static final Logger LOG = Logger.getLogger(FalWebhookVerifier.class);
    private static final String DEFAULT_JWKS = "https://rest.fal.ai/.well-known/jwks.json";
    /** DER prefix of an X.509 SubjectPublicKeyInfo for a raw 32-byte Ed25519 key. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final Duration CACHE = Duration.ofHours(24);
    private static final long TOLERANCE_SECONDS = 300;

    private final Supplier<String> jwksFetcher;
    private volatile List<PublicKey> keys = List.of();
    private volatile long fetchedAtMs;

    @Inject
    FalWebhookVerifier(ProviderHttp http, RouterConfig config) {
        RouterConfig.Provider settings = config.providers().get("fal");
        String url = settings == null ? DEFAULT_JWKS : settings.jwksUrl().orElse(DEFAULT_JWKS);
        this.jwksFetcher = () -> http.send("GET", url, Map.of(), null).join().body();
    }

    /** A verifier reading the JWKS from a supplier (tests). */
    public FalWebhookVerifier(Supplier<String> jwksFetcher) {
        this.jwksFetcher = jwksFetcher;
    }

    /** Whether the headers sign this body with one of fal's keys at a time within tolerance. */
    public boolean verify(String requestId, String userId, String timestamp, String signatureHex, byte[] body, long nowSeconds) {
        if (requestId == null || userId == null || timestamp == null || signatureHex == null) {
            return false;
        }
        try {
            if (Math.abs(nowSeconds - Long.parseLong(timestamp.trim())) > TOLERANCE_SECONDS) {
                return false;
            }
            byte[] message = (requestId + "\n" + userId + "\n" + timestamp.trim() + "\n"
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body))).getBytes(StandardCharsets.UTF_8);
            byte[] signature = HexFormat.of().parseHex(signatureHex.trim());
            for (PublicKey key : keys()) {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(message);
                if (verifier.verify(signature)) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private List<PublicKey> keys() {
        if (keys.isEmpty() || System.currentTimeMillis() - fetchedAtMs > CACHE.toMillis()) {
            try {
                keys = parse(jwksFetcher.get());
                fetchedAtMs = System.currentTimeMillis();
            } catch (RuntimeException e) {
                LOG.warnf("fal JWKS unavailable: %s", e.toString());
            }
        }
        return keys;
    }

    static List<PublicKey> parse(String jwks) {
        List<PublicKey> parsed = new ArrayList<>();
        for (JsonNode key : ProviderHttp.parse(jwks).path("keys")) {
            if (!"OKP".equals(key.path("kty").asText()) || !"Ed25519".equals(key.path("crv").asText())) {
                continue;
            }
            byte[] raw = Base64.getUrlDecoder().decode(key.path("x").asText());
            byte[] der = new byte[ED25519_SPKI_PREFIX.length + raw.length];
            System.arraycopy(ED25519_SPKI_PREFIX, 0, der, 0, ED25519_SPKI_PREFIX.length);
            System.arraycopy(raw, 0, der, ED25519_SPKI_PREFIX.length, raw.length);
            try {
                parsed.add(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
            } catch (GeneralSecurityException e) {
                LOG.warnf("skipping unreadable fal JWKS key: %s", e.toString());
            }
        }
        return parsed;
    }
}
