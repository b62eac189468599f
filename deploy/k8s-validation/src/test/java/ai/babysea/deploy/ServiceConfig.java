package ai.babysea.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a service's application.properties needs from its environment and from Kafka. */
record ServiceConfig(String service, Set<String> topics, Set<String> variables, Properties properties) {
    static final List<String> SERVICES = List.of("api-service", "ledger-service", "router-service", "webhook-service");
    private static final Pattern TOPIC_KEY = Pattern.compile("^(%prod\\.)?mp\\.messaging\\.(incoming|outgoing)\\.[^.]+\\.(topic|dead-letter-queue\\.topic)$");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    static ServiceConfig of(String service) {
        return from(service, Repo.root().resolve(service).resolve("src/main/resources/application.properties"));
    }

    static ServiceConfig from(String service, Path file) {
        Set<String> topics = new TreeSet<>();
        Set<String> variables = new TreeSet<>();
        if (!Files.isRegularFile(file)) {
            return new ServiceConfig(service, topics, variables, new Properties());
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : p.stringPropertyNames()) {
            String value = p.getProperty(key).trim();
            if (key.startsWith("%") && !key.startsWith("%prod.")) {
                continue; // test and dev profiles do not run in the cluster
            }
            if (TOPIC_KEY.matcher(key).matches()) {
                topics.add(value);
            }
            Matcher m = VARIABLE.matcher(value);
            while (m.find()) {
                variables.add(m.group(1));
            }
        }
        return new ServiceConfig(service, topics, variables, p);
    }

    /**
     * The consumers one instance runs on {@code topic}: the incoming channel's {@code concurrency} (1 if unset),
     * with a {@code ${VAR:default}} resolved from {@code environment} first, else its default.
     */
    int consumersPerInstance(String topic, java.util.Map<String, String> environment) {
        for (String key : properties.stringPropertyNames()) {
            Matcher m = Pattern.compile("^mp\\.messaging\\.incoming\\.([^.]+)\\.topic$").matcher(key);
            if (m.matches() && topic.equals(properties.getProperty(key).trim())) {
                String v = properties.getProperty("mp.messaging.incoming." + m.group(1) + ".concurrency");
                if (v == null) {
                    return 1;
                }
                Matcher ref = Pattern.compile("^\\$\\{([A-Z0-9_]+):([^}]*)}$").matcher(v.trim());
                if (ref.matches()) {
                    v = environment.getOrDefault(ref.group(1), ref.group(2));
                }
                return Integer.parseInt(v.trim());
            }
        }
        return 0;
    }

    /** The contract's topic names (contracts Topics.java), so that producer-only topics are covered too. */
    static Set<String> contractTopics() {
        Path file = Repo.root().resolve("contracts/src/main/java/ai/babysea/contracts/Topics.java");
        Set<String> out = new TreeSet<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            Matcher m = Pattern.compile("String (?!HEADER_)[A-Z_]+ = \"([a-z][a-z0-9.-]*)\"").matcher(Files.readString(file));
            while (m.find()) {
                out.add(m.group(1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
