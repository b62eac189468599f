package ai.babysea.router.bench;

import ai.babysea.contracts.Ids;
import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.EventEnvelope;
import ai.babysea.contracts.events.GenerationAdmitted;
import ai.babysea.contracts.events.GenerationParameters;
import ai.babysea.embedded.EmbeddedKafka;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Shared pieces of the router benchmarks: bulk admission publishing and JVM measurements. */
final class BenchmarkSupport {
    private BenchmarkSupport() {
    }

    /** Publishes `count` admissions (simulated providers, one image each) as the ledger would; returns when Kafka acked all. */
    static void publishAdmissions(int count, String runId) {
        Properties props = new Properties();
        props.put("bootstrap.servers", EmbeddedKafka.shared().bootstrapServers());
        props.put("acks", "all");
        props.put("linger.ms", 5);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                String id = Ids.uuidV7().toString();
                GenerationAdmitted admitted = new GenerationAdmitted(id, "bench-" + runId, "bfl/flux-schnell", "image",
                        new GenerationParameters("benchmark " + i, "1:1", "png", 1, List.of(), null, null, null, Map.of()),
                        List.of("bfl", "replicate"), false, 5_000, "reserve-" + id, Instant.now());
                EventEnvelope envelope = EventEnvelope.wrap(admitted);
                ProducerRecord<String, String> record = new ProducerRecord<>(Topics.GENERATION_DISPATCH, id, envelope.toJson());
                record.headers().add(Topics.HEADER_EVENT_ID, envelope.eventId().getBytes(StandardCharsets.UTF_8));
                record.headers().add(Topics.HEADER_EVENT_TYPE, envelope.eventType().getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
    }

    /** Heap in use after a GC, in MiB. */
    static long heapUsedMib() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
    }

    /** Live threads of this JVM (the router, plus the in-JVM broker, database driver and test harness). */
    static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
