package ai.babysea.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** api-service settings (prefix `babysea.api`). */
@ConfigMapping(prefix = "babysea.api")
public interface ApiConfig {
    /** Operator token for `/v1/admin/*`; absent or blank disables the admin endpoints. Never logged. */
    @WithName("admin-token")
    Optional<String> adminToken();

    /** Base URL of ledger-service's internal REST API; default `http://localhost:8081`. */
    @WithDefault("http://localhost:8081")
    String ledgerUrl();

    /** Base URL of router-service's internal REST API; default `http://localhost:8082`. */
    @WithDefault("http://localhost:8082")
    String routerUrl();

    /** Base URL of webhook-service's internal REST API; default `http://localhost:8083`. */
    @WithDefault("http://localhost:8083")
    String webhookUrl();

    /** Timeout of one internal REST call; default 5 s. */
    @WithDefault("5s")
    Duration internalTimeout();

    /** Largest accepted request body, in bytes (BSE2010 above); default 102400 (100 KB, the contract's legacy limit). */
    @WithDefault("102400")
    int maxBodyBytes();

    /** Longest `generation_prompt`, in characters; default 5000 (the contract's playground cap). */
    @WithDefault("5000")
    int maxPromptChars();

    /** Longest value of any other string field, in characters; default 10000. */
    @WithDefault("10000")
    int maxStringChars();

    /** Most entries in `generation_input_file`; default 10. */
    @WithDefault("10")
    int maxInputFiles();

    /** Longest input-file URL, in characters; default 2048. */
    @WithDefault("2048")
    int maxUrlChars();

    /** Minimum interval between two `last_used_at` writes of one key; default 30 s (bounds write load per key). */
    @WithDefault("30s")
    Duration lastUsedWriteInterval();

    /** How long the cancel endpoint waits for the router's `generation.canceled` before answering; default 3 s. */
    @WithDefault("3s")
    Duration cancelWait();
}
