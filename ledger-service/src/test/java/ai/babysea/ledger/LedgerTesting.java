package ai.babysea.ledger;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.babysea.contracts.Ids;
import ai.babysea.contracts.Topics;
import ai.babysea.contracts.events.GenerationParameters;
import ai.babysea.contracts.events.GenerationRequested;
import ai.babysea.ledger.reconciliation.ReconciliationReport;
import ai.babysea.ledger.reconciliation.ReconciliationService;
import ai.babysea.embedded.EmbeddedKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/** Shared helpers of the ledger tests: requests, reconciliation after each scenario, waiting for the consumers to catch up. */
final class LedgerTesting {
    static final String TOKEN = "Bearer local-internal-token";
    static final String MODEL = "bfl/flux-schnell";
    private static final List<String> CONSUMED_TOPICS = List.of(Topics.GENERATION_REQUESTS, Topics.GENERATION_EVENTS,
            Topics.LEDGER_COMMANDS);

    private LedgerTesting() {
    }

    static String newAccount() {
        return "acct-" + Ids.uuidV7();
    }

    static GenerationRequested request(String account, long costMicros) {
        return request(Ids.uuidV7().toString(), account, costMicros);
    }

    static GenerationRequested request(String generationId, String account, long costMicros) {
        return new GenerationRequested(generationId, account, MODEL, "image",
                new GenerationParameters("a seal", "1:1", "png", 1, List.of(), null, null, null, Map.of()),
                List.of("bfl", "replicate"), false, costMicros, Instant.now());
    }

    /** Runs the whole-database reconciliation and fails with its violations. */
    static ReconciliationReport assertReconciled(ReconciliationService reconciliation) {
        ReconciliationReport report = reconciliation.run();
        assertTrue(report.ok(), () -> "reconciliation failed: " + report.violations());
        return report;
    }

    /** Waits until the ledger's consumer group has committed every record published so far on the topics it reads. */
    static void awaitConsumed() {
        Properties props = new Properties();
        props.put("bootstrap.servers", EmbeddedKafka.shared().bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                Set<TopicPartition> partitions = admin.describeTopics(CONSUMED_TOPICS).allTopicNames().get().values().stream()
                        .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                        .collect(Collectors.toSet());
                ListOffsetsResult ends = admin.listOffsets(partitions.stream()
                        .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())));
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("ledger-service")
                        .partitionsToOffsetAndMetadata().get();
                for (TopicPartition partition : partitions) {
                    long end = ends.partitionResult(partition).get().offset();
                    OffsetAndMetadata done = committed.get(partition);
                    if (end > 0 && (done == null || done.offset() < end)) {
                        return false;
                    }
                }
                return true;
            });
        }
    }
}
