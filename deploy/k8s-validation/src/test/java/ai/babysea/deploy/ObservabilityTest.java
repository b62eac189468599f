package ai.babysea.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the Grafana dashboard in deploy/observability only use BabySea metrics that the
 * services really register, so a renamed metric cannot silently blind an alert.
 */
class ObservabilityTest {
    private static final Pattern PROMETHEUS_NAME = Pattern.compile("\\bbabysea_[a-z0-9_]+");
    private static final Pattern MICROMETER_NAME = Pattern.compile("\"(babysea\\.[a-z0-9._]+)\"");
    private static final List<String> SUFFIXES = List.of("_seconds_bucket", "_seconds_count", "_seconds_sum", "_seconds_max",
            "_seconds", "_total", "_bucket", "_count", "_sum");

    private final Path observability = Repo.root().resolve("deploy").resolve("observability");

    @Test
    void everyAlertHasAnExpressionASeverityAndASummary() throws IOException {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(observability.resolve("prometheus-rules.yaml").toFile());
        assertEquals("monitoring.coreos.com/v1", rules.path("apiVersion").asText());
        assertEquals("PrometheusRule", rules.path("kind").asText());
        int alerts = 0;
        for (JsonNode group : rules.path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                alerts++;
                String name = rule.path("alert").asText();
                assertFalse(name.isBlank(), "alert name in " + group.path("name"));
                assertFalse(rule.path("expr").asText().isBlank(), name + " has an expression");
                assertTrue(Set.of("critical", "warning", "info").contains(rule.path("labels").path("severity").asText()), name);
                assertFalse(rule.path("annotations").path("summary").asText().isBlank(), name + " has a summary");
            }
        }
        assertTrue(alerts >= 4, "stuck outbox, DLQ growth, breaker open and reservation expiries at least");
    }

    @Test
    void alertsAndDashboardOnlyUseMetricsTheServicesRegister() throws IOException {
        Set<String> registered = registeredMetrics();
        assertFalse(registered.isEmpty());
        List<String> expressions = new ArrayList<>();
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(observability.resolve("prometheus-rules.yaml").toFile());
        rules.findValues("expr").forEach(e -> expressions.add(e.asText()));
        JsonNode dashboard = new ObjectMapper().readTree(observability.resolve("grafana-dashboard.json").toFile());
        dashboard.findValues("expr").forEach(e -> expressions.add(e.asText()));
        assertTrue(expressions.size() > 10);
        Set<String> missing = new TreeSet<>();
        for (String expression : expressions) {
            Matcher matcher = PROMETHEUS_NAME.matcher(expression);
            while (matcher.find()) {
                if (!registered.contains(baseName(matcher.group()))) {
                    missing.add(matcher.group());
                }
            }
        }
        assertTrue(missing.isEmpty(), "metrics used in deploy/observability but registered by no service: " + missing
                + " (registered: " + registered + ")");
    }

    @Test
    void theNameCheckRecognisesAnUnknownMetric() throws IOException {
        assertFalse(registeredMetrics().contains(baseName("babysea_no_such_metric_total")));
        assertEquals("babysea_generation_end_to_end", baseName("babysea_generation_end_to_end_seconds_bucket"));
    }

    /** Prometheus name without the unit/type suffix Micrometer adds, dots and underscores folded. */
    static String baseName(String prometheusName) {
        for (String suffix : SUFFIXES) {
            if (prometheusName.endsWith(suffix)) {
                return prometheusName.substring(0, prometheusName.length() - suffix.length());
            }
        }
        return prometheusName;
    }

    /** Every `"babysea.…"` metric name literal in the services' and platform's main sources, folded to underscores. */
    private static Set<String> registeredMetrics() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String module : List.of("platform", "api-service", "ledger-service", "router-service", "webhook-service")) {
            Path sources = Repo.root().resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(file);
                    if (!text.contains("Meter") && !text.contains("meters") && !text.contains("Counter") && !text.contains("Timer")) {
                        continue;
                    }
                    Matcher matcher = MICROMETER_NAME.matcher(text);
                    while (matcher.find()) {
                        names.add(matcher.group(1).replace('.', '_'));
                    }
                }
            }
        }
        return names;
    }
}
