package ai.babysea.embedded;

import ai.babysea.contracts.Topics;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/** A single-node KRaft Kafka broker running inside this JVM. */
public final class EmbeddedKafka implements AutoCloseable {
    private static EmbeddedKafka shared;

    private final EmbeddedKafkaBroker broker;

    private EmbeddedKafka(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    /** Starts a broker on the given port (0 picks a free one). */
    public static EmbeddedKafka start(int port, int partitions) {
        int kafkaPort = port == 0 ? Ports.free() : port;
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withKafkaPort(kafkaPort)
                .withControllerPort(Ports.free())
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(props -> {
                    props.put("num.partitions", String.valueOf(partitions));
                    props.put("auto.create.topics.enable", "true");
                    props.put("offsets.topic.replication.factor", "1");
                    props.put("transaction.state.log.replication.factor", "1");
                    props.put("transaction.state.log.min.isr", "1");
                    props.put("group.initial.rebalance.delay.ms", "0");
                    props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
                });
        broker.start();
        EmbeddedKafka kafka = new EmbeddedKafka(broker);
        kafka.createPipelineTopics(partitions);
        return kafka;
    }

    /**
     * Creates the pipeline topics up front with the given partition count, as Strimzi `KafkaTopic`s do in a
     * cluster, so consumers never race topic auto-creation.
     */
    private void createPipelineTopics(int partitions) {
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", bootstrapServers());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            java.util.List<org.apache.kafka.clients.admin.NewTopic> topics = new java.util.ArrayList<>();
            for (String name : java.util.List.of(Topics.GENERATION_REQUESTS, Topics.GENERATION_DISPATCH, Topics.GENERATION_EVENTS,
                    Topics.LEDGER_EVENTS, Topics.LEDGER_COMMANDS)) {
                topics.add(new org.apache.kafka.clients.admin.NewTopic(name, partitions, (short) 1));
            }
            for (var created : admin.createTopics(topics).values().values()) {
                try {
                    created.get(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    // on a slow machine the admin client retries a create that had succeeded: the topic is there
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create the pipeline topics", e);
        }
    }

    /**
     * One broker per JVM, shared by every test class (started on first use, stopped at JVM exit). Its topics have 4
     * partitions, or {@code -Dbabysea.test.kafka.partitions=N} (benchmarks that run more consumer threads).
     */
    public static synchronized EmbeddedKafka shared() {
        if (shared == null) {
            shared = start(0, Integer.getInteger("babysea.test.kafka.partitions", 4));
            EmbeddedKafka started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-kafka-stop"));
        }
        return shared;
    }

    /** The `host:port` list clients connect to. */
    public String bootstrapServers() {
        return broker.getAdvertisedListeners().replace("PLAINTEXT://", "");
    }

    @Override
    public void close() {
        broker.close();
    }
}
