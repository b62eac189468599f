package ai.babysea.testing;

import ai.babysea.embedded.EmbeddedKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Quarkus test resource: the shared in-JVM Kafka broker; sets `kafka.bootstrap.servers`. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", EmbeddedKafka.shared().bootstrapServers());
    }

    @Override
    public void stop() {
        // The broker is shared by every test class of this JVM and stops at JVM exit.
    }
}
