package ai.babysea.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Where the console's browser code may connect and load media from (`babysea.console.*`, environment in README). */
@ConfigMapping(prefix = "babysea.console")
public interface ConsoleConfig {

    /**
     * The API base URL the sign-in form proposes, e.g. {@code https://api.us.babysea.example} (env
     * {@code CONSOLE_API_BASE_URL}; default {@code http://localhost:8080}). Its origin is always allowed in the
     * Content-Security-Policy's {@code connect-src}.
     */
    @WithDefault("http://localhost:8080")
    String apiBaseUrl();

    /**
     * Further API origins the user may choose instead (other regions), e.g. {@code https://api.eu.babysea.example}
     * (env {@code CONSOLE_API_ORIGINS}, comma-separated; default none). A base URL outside these and
     * {@link #apiBaseUrl()} is refused by the browser.
     */
    Optional<List<String>> apiOrigins();

    /**
     * Origins the generation outputs are served from, allowed in {@code img-src} and {@code media-src} so that the
     * console can preview them, e.g. {@code https://api.us.babysea.example} (env {@code CONSOLE_MEDIA_ORIGINS},
     * comma-separated; default: the API origins, where the router's public outputs path is routed).
     */
    Optional<List<String>> mediaOrigins();
}
