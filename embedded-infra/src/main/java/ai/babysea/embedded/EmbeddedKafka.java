package ai.babysea.embedded;

import ai.babysea.contracts.Topics;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.nio.file.Path;

/**
 * A single-node KRaft Kafka broker running inside this JVM. A broker started with a log directory of its own
 * ({@link #startRestartable}) can be restarted: its topics, records and committed offsets survive, as a real broker's
 * do across a restart.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static EmbeddedKafka shared;

    private final EmbeddedKafkaBroker broker;
    /** The log directory this object owns (deleted on close), or null when the broker keeps its own temporary one. */
    private final Path logDirectory;

    private EmbeddedKafka(EmbeddedKafkaBroker broker, Path logDirectory) {
        this.broker = broker;
        this.logDirectory = logDirectory;
    }

    /** Starts a broker on the given port (0 picks a free one); its log directory is deleted when it stops. */
    public static EmbeddedKafka start(int port, int partitions) {
        return start(port, partitions, null);
    }

    /**
     * Starts a broker on the given port (0 picks a free one) that keeps its log in {@code logDirectory}, so that
     * {@link #restart()} finds its data again; {@link #close()} deletes the directory.
     */
    public static EmbeddedKafka startRestartable(int port, int partitions, Path logDirectory) {
        return start(port, partitions, logDirectory);
    }

    private static EmbeddedKafka start(int port, int partitions, Path logDirectory) {
        int kafkaPort = port == 0 ? Ports.free() : port;
        // The controller port and the cluster id stay the same across restarts (the broker object keeps both).
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withKafkaPort(kafkaPort)
                .withControllerPort(Ports.free())
                .withDeleteLogDirsOnClose(logDirectory == null)
                .withAdditionalProperties(props -> {
                    if (logDirectory != null) {
                        props.put("log.dir", logDirectory.toAbsolutePath().toString());
                    }
                    props.put("num.partitions", String.valueOf(partitions));
                    props.put("auto.create.topics.enable", "true");
                    props.put("offsets.topic.replication.factor", "1");
                    props.put("transaction.state.log.replication.factor", "1");
                    props.put("transaction.state.log.min.isr", "1");
                    props.put("group.initial.rebalance.delay.ms", "0");
                    props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
                });
        broker.start();
        EmbeddedKafka kafka = new EmbeddedKafka(broker, logDirectory);
        kafka.createPipelineTopics(partitions);
        return kafka;
    }

    /**
     * Stops the broker and starts it again on the same ports and log directory (only a broker started with
     * {@link #startRestartable}); clients see their connections drop and reconnect.
     */
    public synchronized void restart() {
        if (logDirectory == null) {
            throw new IllegalStateException("this broker keeps no log directory of its own; start it with startRestartable");
        }
        broker.close();
        broker.start();
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
    public synchronized void close() {
        broker.close();
        if (logDirectory != null) {
            try (var paths = java.nio.file.Files.walk(logDirectory)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (java.io.IOException e) {
                System.err.println("could not delete the Kafka log directory " + logDirectory + ": " + e.getMessage());
            }
        }
    }
}
