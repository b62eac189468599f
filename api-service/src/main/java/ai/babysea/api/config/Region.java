package ai.babysea.api.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The region this deployment serves (`babysea.region`: `us`, `eu` or `jp`, default `us`); keys only work in their region. */
@ApplicationScoped
public class Region {
    /** Every region code BabySea knows. */
    public static final List<String> ALL = List.of("us", "eu", "jp");

    private final String code;

    Region(@ConfigProperty(name = "babysea.region", defaultValue = "us") String code) {
        if (!ALL.contains(code)) {
            throw new IllegalStateException("babysea.region must be one of " + ALL + ", was " + code);
        }
        this.code = code;
    }

    /** The region code of this deployment. */
    public String code() {
        return code;
    }

    /** The public base URL of a region. */
    public static String baseUrl(String region) {
        return "https://api." + region + ".babysea.ai/v1";
    }
}
