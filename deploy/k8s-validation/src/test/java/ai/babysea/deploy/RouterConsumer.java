package ai.babysea.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The router's consumer of generation.dispatch as configured in router-service/src/main/resources/application.properties:
 * the incoming channel whose {@code topic} is generation.dispatch, and its {@code group.id}. The documented values
 * (generation.dispatch / router-service) apply only where the file or the channel does not exist yet.
 */
record RouterConsumer(String topic, String groupId, String source) {
    static final String DOCUMENTED_TOPIC = "generation.dispatch";
    static final String DOCUMENTED_GROUP = "router-service";
    private static final Pattern TOPIC_KEY = Pattern.compile("^(%prod\\.)?mp\\.messaging\\.incoming\\.([^.]+)\\.topic$");

    static RouterConsumer fromRepository() {
        return from(Repo.root().resolve("router-service/src/main/resources/application.properties"));
    }

    static RouterConsumer from(Path file) {
        if (!Files.isRegularFile(file)) {
            return new RouterConsumer(DOCUMENTED_TOPIC, DOCUMENTED_GROUP, "documented defaults (no " + file + ")");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : p.stringPropertyNames()) {
            Matcher m = TOPIC_KEY.matcher(key);
            if (!m.matches()) {
                continue;
            }
            String channel = m.group(2);
            String topic = value(p, "mp.messaging.incoming." + channel + ".topic");
            if (!DOCUMENTED_TOPIC.equals(topic)) {
                continue;
            }
            String group = value(p, "mp.messaging.incoming." + channel + ".group.id");
            if (group == null) {
                // SmallRye Kafka's default group id is the application name.
                group = value(p, "quarkus.application.name");
            }
            return new RouterConsumer(topic, group, file + " (channel " + channel + ")");
        }
        return new RouterConsumer(DOCUMENTED_TOPIC, DOCUMENTED_GROUP,
                "documented defaults (no incoming channel for " + DOCUMENTED_TOPIC + " in " + file + ")");
    }

    /** The production value: a %prod. entry wins; ${NAME:default} resolves to its default. */
    private static String value(Properties p, String key) {
        String v = p.getProperty("%prod." + key, p.getProperty(key));
        if (v == null) {
            return null;
        }
        Matcher m = Pattern.compile("^\\$\\{[^:}]+:([^}]*)}$").matcher(v.trim());
        return m.matches() ? m.group(1) : v.trim();
    }
}
