package ai.babysea.platform.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start a production instance with a development secret: the service-to-service token (and api-service's
 * operator token, when set) must not be one of the values published in this repository nor shorter than
 * {@value #MIN_LENGTH} characters. Dev and test modes are exempt, and so is a run that says it is local with
 * `BABYSEA_ALLOW_DEVELOPMENT_SECRETS=true` (the one-command local stack does).
 */
@ApplicationScoped
public class SecretsGuard {
    static final int MIN_LENGTH = 24;
    /** Values that appear in this repository (defaults, docs, tests): never acceptable in production. */
    static final Set<String> PUBLISHED = Set.of("local-internal-token", "local-admin-token", "test-admin-token", "test-internal-token");
    static final List<String> CHECKED = List.of("babysea.internal.token", "babysea.api.admin-token");

    void onStart(@Observes StartupEvent event, Config config) {
        check(LaunchMode.current(), config.getOptionalValue("babysea.allow-development-secrets", Boolean.class).orElse(false),
                name -> config.getOptionalValue(name, String.class));
    }

    /** Throws (so the instance does not start) when a checked secret is weak in production; returns the checked names. */
    static List<String> check(LaunchMode mode, boolean allowDevelopmentSecrets, java.util.function.Function<String, Optional<String>> values) {
        List<String> problems = new ArrayList<>();
        if (mode != LaunchMode.NORMAL || allowDevelopmentSecrets) {
            return problems;
        }
        for (String name : CHECKED) {
            Optional<String> value = values.apply(name).filter(v -> !v.isBlank());
            if (value.isEmpty()) {
                continue; // unset: the internal token then fails config validation itself; the admin API stays disabled
            }
            if (PUBLISHED.contains(value.get().trim())) {
                problems.add(name + " is a published development value");
            } else if (value.get().trim().length() < MIN_LENGTH) {
                problems.add(name + " is shorter than " + MIN_LENGTH + " characters");
            }
        }
        if (!problems.isEmpty()) {
            // names only: the values are secrets and never reach a log
            throw new IllegalStateException("refusing to start in production: " + String.join("; ", problems)
                    + ". Set a random value (e.g. `openssl rand -hex 32`) from a Secret, or BABYSEA_ALLOW_DEVELOPMENT_SECRETS=true "
                    + "for a local run.");
        }
        return problems;
    }
}
